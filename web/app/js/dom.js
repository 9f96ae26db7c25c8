// Tiny DOM helpers. Text always goes in as text (never as HTML), so data
// from the server can never inject markup.
import { ICONS } from './icons.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * h('a.button', {href: '/x', onclick: fn, 'data-testid': 'x'}, 'text', node, [more])
 * The tag may carry an #id and .classes. Attributes: on* get listeners,
 * false/null/undefined are skipped, true sets an empty attribute.
 */
export function h(tag, attrs, ...kids) {
  const parts = tag.match(/[.#]?[^.#]+/g);
  const el = document.createElement(parts[0][0] === '.' || parts[0][0] === '#' ? 'div' : parts.shift());
  const cls = [];
  for (const p of parts) {
    if (p[0] === '#') el.id = p.slice(1); else cls.push(p.slice(1));
  }
  if (cls.length) el.className = cls.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = [el.className, v].filter(Boolean).join(' ');
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  add(el, kids);
  return el;
}

function add(el, kids) {
  // Text beside an icon or another element goes in a <span>: in a flex row a
  // bare text is an anonymous item that cannot shrink below its longest
  // word, and pushes the page wider than a small screen at large text.
  const mixed = kids.flat(Infinity).some((k) => k instanceof Node);
  for (const k of kids) {
    if (k == null || k === false) continue;
    if (Array.isArray(k)) add(el, k);
    else if (k instanceof Node) el.append(k);
    else if (mixed && !(el instanceof HTMLOptionElement)) el.append(Object.assign(document.createElement('span'), { textContent: String(k) }));
    else el.append(String(k));
  }
}

/** An inline SVG icon, hidden from screen readers (always paired with words). */
export function icon(name, cls) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon' + (cls ? ' ' + cls : ''));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', ICONS[name] || ICONS.info);
  svg.append(p);
  return svg;
}

/** Append children, skipping null/false (unlike Element.append). */
export function put(el, ...kids) {
  add(el, kids);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** A text node of multilingual content in its own language, for the right font. */
export function langSpan(tag, [text, lang], attrs) {
  return h(tag, { ...(attrs || {}), lang }, text);
}

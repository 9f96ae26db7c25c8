// Reference data from /api/v1/meta, read once per page load.
import { api } from './api.js';
import { local } from './dom.js';

let meta = null;

export async function loadMeta() {
  if (!meta) meta = await api('GET', '/meta');
  return meta;
}

// statusReasons lists the standard sentences a status change's public
// reason starts with (GET /status-reasons), read once per page load.
let reasons = null;
export async function statusReasons() {
  if (!reasons) reasons = (await api('GET', '/status-reasons')).items;
  return reasons;
}

// laoProvinces lists the provinces an agency can be in.
export async function laoProvinces() {
  return (await loadMeta()).provinces.filter((p) => p.country === 'LA');
}

// provinceName shows a province code in the reader's language (after
// loadMeta has run).
export function provinceName(code) {
  const p = meta && meta.provinces.find((x) => x.code === code);
  return p ? local(p.name) : code || '';
}

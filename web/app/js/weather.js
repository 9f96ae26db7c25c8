// The decoy behind quick exit speaks the phone's language: an English-only
// weather page on a Lao or Thai phone would look out of place to whoever
// took the phone. Nothing here names or points back to the app.
const WORDS = {
  lo: { title: 'ອາກາດ', city: 'ເມືອງ', sky: 'ມີເມກບາງສ່ວນ', days: 'ມື້ນີ້ · ມື້ອື່ນ · 7 ມື້' },
  th: { title: 'สภาพอากาศ', city: 'เมือง', sky: 'มีเมฆบางส่วน', days: 'วันนี้ · พรุ่งนี้ · 7 วัน' },
};
const phone = [...(navigator.languages || []), navigator.language || ''].map((l) => String(l).slice(0, 2).toLowerCase());
const lang = phone.find((l) => l === 'lo' || l === 'th' || l === 'en');
const w = WORDS[lang];
if (w) {
  document.documentElement.lang = lang;
  document.title = w.title;
  document.querySelector('h1').textContent = w.title;
  document.querySelector('label[for="city"]').textContent = w.city;
  document.querySelector('.today strong').textContent = w.sky;
  document.querySelector('.today p:last-child').textContent = w.days;
}

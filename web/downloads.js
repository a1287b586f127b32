// downloads.js — the 下载 CSV / 下载 Excel buttons of an export route
// (`format=csv|xlsx`), and the option of whole ID numbers for the roles
// that may see them (the server checks and audits it).

import { h } from './dom.js';
import { apiPath } from './api.js';
import * as session from './session.js';

const FORMATS = [['csv', '下载 CSV'], ['xlsx', '下载 Excel']];

/** Links that download `path` with `query` as CSV and XLSX (the server names the file). */
export function downloadButtons(path, query, { wholeNumbers = false } = {}) {
  const links = FORMATS.map(([format, label]) => h('a.button', { download: '', dataset: { download: format } }, label));
  const point = (full) => links.forEach((a, i) => { a.href = apiPath(path, { ...query, format: FORMATS[i][0], full: full ? '1' : '' }); });
  point(false);
  if (!wholeNumbers || !session.can('person.write')) return h('span.actions.downloads', links);
  const box = h('input', { type: 'checkbox', name: 'full', onchange: () => point(box.checked) });
  return h('span.actions.downloads', links, h('label.check', box, ' 完整身份号码（记入审计）'));
}

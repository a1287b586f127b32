// pages/imports.js — #/imports: 批量导入 (policy §5, docs/api.md
// "POST /api/v1/imports"): the office picks a WIS export or a spreadsheet
// (CSV or XLSX), the way to import it (import the good rows, check only, or
// all or nothing) and the encoding; the file is sent and imported in the
// request, then the counts are shown, with the rejected rows (row, column,
// reason) and the error file to download, correct and import again.

import { h, replace, notice, select } from '../dom.js';
import { get, post, apiPath } from '../api.js';
import { field, showApiError, clearErrors } from '../form.js';

const MAX_BYTES = 64 * 1024 * 1024;

const MODES = [
  ['commit', '导入正确的行，拒绝有错的行'],
  ['dry_run', '只检查，不保存（试导入）'],
  ['all_or_nothing', '全部正确才导入'],
];
const ENCODINGS = [['auto', '自动判断'], ['gb18030', 'GB18030（WIS 导出）'], ['utf-8', 'UTF-8']];
const STATES = { done: '已完成', refused: '未导入（有被拒绝的行）', failed: '失败', running: '进行中' };

/** The bytes of a file as base64, in slices (btoa takes a string of bytes). */
async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export async function render(view, ctx) {
  ctx.setTitle('批量导入档案');
  const fileInput = h('input', { type: 'file', name: 'content', accept: '.csv,.xlsx,text/csv' });
  const mode = select({ name: 'mode', value: 'commit' }, MODES);
  const encoding = select({ name: 'encoding', value: 'auto' }, ENCODINGS);
  const box = h('div.form-message', { 'aria-live': 'polite' });
  const submit = h('button.primary', { type: 'submit' }, '开始导入');
  const result = h('section.results#import-result', { 'aria-live': 'polite' });
  const form = h('form.panel.import-form', { novalidate: true },
    h('div.form-grid',
      field('文件', fileInput, { required: true, span: 2, hint: 'CSV 或 XLSX；第一行为表头：公民身份号码、姓名、户籍地、所属社区等' }),
      field('导入方式', mode),
      field('文件编码', encoding, { hint: '只对 CSV 有效' })),
    box, h('div.actions', submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    replace(box);
    const file = fileInput.files[0];
    if (!file) {
      replace(box, notice('error', '请选择要导入的文件'));
      return;
    }
    if (file.size > MAX_BYTES) {
      replace(box, notice('error', '文件超过 64 MiB，请拆分，或在服务器上用 liudong import 导入'));
      return;
    }
    submit.disabled = true;
    replace(result, h('p', '正在上传并导入，请勿关闭页面……'), h('progress#import-progress', { 'aria-label': '导入进度' }));
    try {
      const r = await post('/imports', { file_name: file.name, content: await base64Of(file), mode: mode.value, encoding: encoding.value });
      await showResult(result, r.body);
    } catch (e) {
      if (e.status === 401) return;
      replace(result);
      if (e.code === 'body_too_large') {
        replace(box, notice('error', `文件（${(file.size / 1048576).toFixed(1)} MiB，上传时约增大三分之一）超过了服务器允许的上传大小（由管理员用 serve --body-limit 设定，默认 1 MiB）。`,
          '请把文件拆成几个较小的文件分别导入，或请管理员在服务器上用 liudong import 导入。'));
        return;
      }
      showApiError(form, box, e);
    } finally {
      submit.disabled = false;
    }
  });
  replace(view,
    h('div.page-head', h('h1', '批量导入档案')),
    h('p.muted', '从育龄妇女信息系统（WIS）导出的文件或本单位的表格导入流动人口档案。已有档案的人员按文件中的新内容更新（空单元格不清除原有内容），同一文件再次导入不会重复登记。'),
    form, result);
}

async function showResult(result, rec) {
  const c = rec.counts;
  const parts = [
    h('h2', `导入结果：${STATES[rec.state] || rec.state}`),
    h('progress', { value: rec.percent ?? 100, max: 100, 'aria-label': '导入进度' }),
    h('table.grid.import-counts',
      h('thead', h('tr', ['新增', '更新', '未变', '拒绝'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', h('tr', [c.created, c.updated, c.unchanged, c.rejected].map((n) => h('td.number', String(n)))))),
  ];
  if (rec.mode === 'dry_run') parts.push(notice('info', '这是试导入，没有保存任何档案。'));
  if (rec.message) parts.push(notice('warning', rec.message));
  if (c.rejected > 0) {
    const errors = (await get(`/imports/${rec.id}/errors`)).body;
    parts.push(
      h('div.results-head', h('h2', '被拒绝的行'),
        h('a.button#errors-csv', { href: apiPath(`/imports/${rec.id}/errors`, { format: 'csv' }), download: `import-${rec.id}-errors.csv` }, '下载错误行（CSV）'),
        h('a.button#errors-xlsx', { href: apiPath(`/imports/${rec.id}/errors`, { format: 'xlsx' }), download: `import-${rec.id}-errors.xlsx` }, '下载错误行（Excel）')),
      h('p.muted', '下载的文件保留原来的各列，另加“原行号”“错误列”“错误原因”；改正后可直接再导入。'),
      h('table.grid.import-errors',
        h('thead', h('tr', ['行号', '列', '原因'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', errors.items.map((e) => h('tr', h('td.number', String(e.row)), h('td', e.column || '—'), h('td', e.reason))))));
  } else if (rec.state === 'done') {
    parts.push(notice('success', '全部行都已导入。'));
  }
  replace(result, parts);
}

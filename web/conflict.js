// conflict.js — an edit refused with 409 version_conflict (person and
// organization forms): the record is read again, the fields the user left
// alone take the values saved meanwhile, the ones the user changed are
// kept, and a section lists what changed, by whom, and what was done.

import { h } from './dom.js';
import { dateTime } from './labels.js';

/**
 * Merges `now` (the record as saved meanwhile) into the form and returns
 * the explaining section.  `base`: the record the user opened; `typed`: the
 * form's values; `controls[name]`: the field's control; `read(record, name)`:
 * a field's value as text; `label(name)`;
 * `show(name, value, record)`: a value as the page shows it; `history`:
 * the record's change history items; `what`: 档案, 单位 ….
 */
export function mergeConflict({ fields, controls, read, label, show, base, now, typed, history, oldVersion, what }) {
  const rows = [];
  for (const name of fields) {
    const before = read(base, name);
    const after = read(now, name);
    if (before === after) continue;
    const row = controls[name].closest('.field');
    const mine = typed[name] || '';
    let outcome;
    if (mine === before) {
      controls[name].value = after;
      row.classList.add('changed-meanwhile');
      outcome = '已更新为他人保存的值';
    } else if (mine === after) {
      outcome = '与您填写的相同';
    } else {
      row.classList.add('conflicting');
      outcome = '保留您填写的值，再次保存将覆盖他人的修改';
    }
    rows.push(h('tr', { dataset: { field: name } },
      h('th', { scope: 'row' }, label(name)),
      h('td', show(name, before, base)), h('td', show(name, after, now)), h('td', show(name, mine, null)),
      h('td', outcome)));
  }
  const newer = history.filter((i) => i.version > oldVersion);
  const who = [...new Set(newer.map((i) => `${i.actor}（${dateTime(i.changed_at)}）`))].join('、');
  return h('section.conflict', { role: 'alert', tabindex: '-1', 'aria-labelledby': 'conflict-title' },
    h('h2#conflict-title', `保存前，${what}已被他人修改`),
    h('p', `您打开的是第 ${oldVersion} 版，现在是第 ${now.version} 版`, who ? `，修改人：${who}` : '', '。'),
    rows.length
      ? h('table.grid.conflict-table',
        h('thead', h('tr', ['栏目', '您打开时', '他人改为', '您填写的', '处理'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', rows))
      : h('p', '他人保存的内容与您打开时相同。'),
    h('p', '请核对上面的变化和下面的表单，确认无误后再次点击“保存修改”。'));
}

// worklist.js — the counts of the work list (待办事项) as tiles, one per kind
// and one for all, each a link to the list of that kind: shared by the work
// list screen and the home page.

import { h } from './dom.js';
import { hashWithQuery } from './nav.js';
import { WORKLIST_KIND } from './labels.js';

/** Kinds whose items are already late: their tiles stand out while not empty. */
export const LATE_KINDS = new Set(['temporary_ended', 'contract_overdue', 'inquiry_overdue', 'report_unhandled', 'complaint_overdue']);

/**
 * Tiles for the counts of a GET /worklist answer.  `active` is the kind
 * shown ('' for all, null for none); `query` the other criteria the links keep.
 */
export function countTiles(body, { active = null, query = {} } = {}) {
  const tile = (kind, label, count) => {
    const late = LATE_KINDS.has(kind) && count > 0;
    return h('li', h('a.work-tile', {
      href: hashWithQuery('#/worklist', { ...query, kind }),
      class: [count === 0 ? 'zero' : null, late ? 'late' : null, kind ? null : 'all'].filter(Boolean).join(' ') || null,
      'aria-current': active === kind ? 'true' : null,
      dataset: { kind: kind || 'all', count: String(count) },
    },
    h('span.tile-count', String(count)),
    h('span.tile-label', label)));
  };
  return h('ul.work-tiles',
    tile('', '全部待办', body.total),
    WORKLIST_KIND.map(([kind, label]) => tile(kind, label, body.counts[kind] || 0)));
}

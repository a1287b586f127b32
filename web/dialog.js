// dialog.js — modal dialogs (<dialog> with showModal: the page behind is
// inert, Tab stays inside, Esc closes) and the confirmation step that comes
// before every irreversible action.
//
//   const d = openDialog('注销婚育证明', form);
//   d.close();
//
// Closing removes the dialog and gives the focus back to what had it.

import { h, replace } from './dom.js';
import { navigate, setFlash } from './nav.js';

let serial = 0;

/** Opens a modal dialog titled `title` with `children`; returns the <dialog>. */
export function openDialog(title, ...children) {
  const id = `dialog-title-${++serial}`;
  const opener = document.activeElement;
  const dialog = h('dialog.dialog', { 'aria-labelledby': id },
    h('div.dialog-head',
      h('h2', { id }, title),
      h('button.dialog-close', { type: 'button', 'aria-label': '关闭', title: '关闭（Esc）', onclick: () => dialog.close() }, '×')),
    h('div.dialog-body', children));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('.dialog-body input, .dialog-body select, .dialog-body textarea');
  if (first) first.focus();
  return dialog;
}

/** Closes every open dialog (the screen is changing). */
export function closeDialogs() {
  for (const d of document.querySelectorAll('dialog.dialog')) d.close();
}

/**
 * The confirmation step of an irreversible action, shown in `place` (the
 * form it replaces is hidden meanwhile): what will happen, then
 * `confirmLabel` (runs `onConfirm`) or 返回修改 (runs `onBack`).
 * The focus goes to the question, so that a second Enter does not confirm.
 */
export function confirmStep(place, { title, lines, confirmLabel, onConfirm, onBack }) {
  const question = h('div.confirm-question', { tabindex: '-1', role: 'alert' },
    h('p.confirm-title', title),
    lines.filter(Boolean).map((l) => h('p', l)));
  const confirm = h('button.danger', { type: 'button' }, confirmLabel);
  const back = h('button', { type: 'button', onclick: onBack }, '返回修改');
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    back.disabled = true;
    const label = confirm.textContent;
    confirm.textContent = '正在提交…';
    try {
      await onConfirm();
    } finally {
      if (confirm.isConnected) {
        confirm.disabled = false;
        back.disabled = false;
        confirm.textContent = label;
      }
    }
  });
  replace(place, h('section.confirm', question, h('div.actions', confirm, back)));
  place.hidden = false;
  question.focus();
}

/** Success: closes the dialog; a message on top of the next screen (`hash`, or this one), rendered afresh. */
export function finished(dialog, hash, ...content) {
  dialog.close();
  setFlash('success', ...content);
  navigate(hash || location.hash);
}

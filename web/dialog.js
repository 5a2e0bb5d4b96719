// One modal dialog at a time: the native <dialog> keeps focus inside and closes on Escape; we
// put focus on its first field and give it back to the button that opened it.
import { h, clear } from './dom.js';
import { t } from './i18n.js';

let opener = null;

export function openDialog(title, ...content) {
  const dialog = document.getElementById('dialog');
  if (dialog.open) dialog.close();
  opener = document.activeElement;
  clear(dialog);
  dialog.append(
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'dialog-title' }, title),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('action.close'), onclick: closeDialog }, '×')),
    h('div', { class: 'dialog-body' }, ...content));
  dialog.showModal();
  const first = dialog.querySelector('.dialog-body input, .dialog-body select, .dialog-body textarea, .dialog-body button');
  (first || dialog.querySelector('button')).focus();
  return dialog;
}

export function closeDialog() {
  const dialog = document.getElementById('dialog');
  if (dialog.open) dialog.close();
}

export function dialogOpen() {
  return document.getElementById('dialog').open;
}

// Replaces the dialog's body (after a reload) without moving focus away from the dialog.
export function setDialogBody(...content) {
  const body = document.querySelector('#dialog .dialog-body');
  if (!body) return;
  clear(body).append(...content);
}

document.addEventListener('DOMContentLoaded', () => {
  const dialog = document.getElementById('dialog');
  dialog.addEventListener('close', () => {
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  });
  // A click on the backdrop (outside the box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) closeDialog();
  });
});

// A labelled form field: field(t('x'), input).
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: 'field' },
    h('label', { for: id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null);
}

// Marks the field an error names (problem+json "field") so the person sees where to look.
export function markField(form, name) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  if (!name) return;
  const el = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    el.focus();
  }
}

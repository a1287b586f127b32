// dom.js — building elements without innerHTML, so that data is always text.
//
//   h('button.primary', {type: 'submit', onclick: save}, '保存')
//
// The tag may carry classes ('table.grid.compact') and an id ('main#x').
// Props: `class`, `text`, `on<event>` handlers, `dataset`, boolean attributes
// (true sets, false/null/undefined omits) and any other attribute.  Children:
// nodes, strings (become text nodes), numbers, arrays; null/false are skipped.

export function h(tag, ...rest) {
  const el = document.createElement(/^[a-z0-9]*/.exec(tag)[0] || 'div');
  for (const [, kind, value] of tag.matchAll(/([.#])([^.#]+)/g)) {
    if (kind === '#') el.id = value;
    else el.classList.add(value);
  }
  let children = rest;
  if (rest.length && isProps(rest[0])) {
    setProps(el, rest[0]);
    children = rest.slice(1);
  }
  append(el, children);
  return el;
}

function isProps(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) &&
    !(value instanceof Node);
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') {
      for (const c of String(value).split(/\s+/)) if (c) el.classList.add(c);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'selected') {
      el[key] = Boolean(value);
    } else if (key === 'style') {
      throw new Error('inline styles are not allowed (CSP): use a class');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** Appends children (nodes, strings, numbers, nested arrays) to el; returns el. */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A <select> of [value, label] pairs; `empty` adds a first option with value ''. */
export function select(props, pairs, { empty } = {}) {
  const options = [];
  if (empty !== undefined) options.push(h('option', { value: '' }, empty));
  for (const [value, label] of pairs) options.push(h('option', { value }, label));
  const el = h('select', props, options);
  if (props.value !== undefined) el.value = props.value ?? '';
  return el;
}

/** A message box: kind is 'error', 'warning', 'info' or 'success'. */
export function notice(kind, ...children) {
  return h(`div.notice.notice-${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, children);
}

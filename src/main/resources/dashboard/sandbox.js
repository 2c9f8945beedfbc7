// The sandbox's side-by-side page: GET /api/sandbox every second, the Airtable table beside the Trello board(s) and
// the ClickUp list. An item that changed since the last read is highlighted for a moment. Values are text only.
'use strict';

const REFRESH = 1000;
const byId = (id) => document.getElementById(id);
/** What each item looked like at the last read, by its id: what changed is highlighted. */
let seen = new Map();
let first = true;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
  });
  children.flat().forEach((c) => {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return node;
}

/** Marks {@code node} as changed when the item {@code id} looked otherwise at the last read. */
function track(next, id, look, node) {
  next.set(id, look);
  if (!first && seen.get(id) !== look) node.classList.add('changed');
  return node;
}

function leadLine(lead) {
  return lead ? el('span', { class: 'lead' }, 'lead ' + lead) : null;
}

function airtable(view, next) {
  byId('airtable-name').textContent = view.base + ' / ' + view.table;
  byId('airtable-fields').replaceChildren(...view.fields.map((f) => el('th', { scope: 'col' }, f)));
  byId('airtable-records').replaceChildren(...view.records.map((r) => track(next, r.id, JSON.stringify(r.cells),
    el('tr', { 'data-test': 'airtable-record', 'data-id': r.id }, view.fields.map((f, i) => el('td',
      { 'data-field': f, title: r.cells[f] || '' }, r.cells[f] || '', i === 0 ? el('span', { class: 'lead' }, r.id) : null))))));
}

function lanes(columns, items, test, next, where) {
  return el('div', { class: 'lanes' }, columns.map((c) => el('div', { class: 'lane', 'data-test': test, 'data-name': c.name },
    el('h4', {}, c.name + ' (' + c[items].length + ')'),
    c[items].map((i) => track(next, i.id, where(c) + '\u0000' + i.name,
      el('div', { class: 'item', 'data-test': test + '-item', 'data-id': i.id, 'data-lead': i.lead || null },
        i.name, leadLine(i.lead)))))));
}

function trello(view, next) {
  byId('trello').replaceChildren(...view.boards.map((b) => el('section', { 'data-test': 'trello-board', 'data-name': b.name },
    el('h3', {}, b.name, el('span', { class: 'muted' }, b.archived ? ' (' + b.archived + ' archived)' : '')),
    lanes(b.lists, 'cards', 'trello-list', next, (list) => b.name + '/' + list.name))));
}

function clickup(view, next) {
  // without a ClickUp pair the list stays empty: the page shows the table and the board only
  const used = view.archived > 0 || view.statuses.some((s) => s.tasks.length > 0);
  byId('clickup-pane').hidden = !used;
  byId('panes').classList.toggle('two', !used);
  byId('clickup-name').textContent = view.list + (view.archived ? ' (' + view.archived + ' archived)' : '');
  byId('clickup').replaceChildren(lanes(view.statuses, 'tasks', 'clickup-status', next, (s) => s.name));
}

async function refresh() {
  const error = byId('load-error');
  try {
    const answer = await fetch('/api/sandbox', { credentials: 'same-origin', cache: 'no-store' });
    const body = await answer.json();
    if (!answer.ok) throw new Error(body.error || 'HTTP ' + answer.status);
    const next = new Map();
    airtable(body.airtable, next);
    trello(body.trello, next);
    clickup(body.clickup, next);
    seen = next;
    first = false;
    error.hidden = true;
    byId('updated').textContent = 'Updated ' + new Date().toISOString().substring(11, 19) + ' UTC';
  } catch (e) {
    error.textContent = 'Could not read the sandbox: ' + e.message;
    error.hidden = false;
  }
  setTimeout(refresh, REFRESH);
}

refresh();

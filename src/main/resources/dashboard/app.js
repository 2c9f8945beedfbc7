// leadsync's dashboard: reads the JSON API of the management server every REFRESH ms and acts through its POST
// actions. Every value from the API is shown as text (textContent), never parsed as HTML.
'use strict';

const REFRESH = 1500;
const byId = (id) => document.getElementById(id);
let selected = decodeURIComponent((location.hash.match(/pair=([^&]*)/) || [])[1] || '');
let pairs = [];

// ------------------------------------------------------------------ small helpers

/** An element with attributes (data-* and aria-* included) and children (strings become text). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === null || v === undefined || v === false) return;
    if (k === 'class') node.className = v;
    else if (k === 'onclick') node.addEventListener('click', v);
    else node.setAttribute(k, v === true ? '' : String(v));
  });
  children.flat().forEach((c) => {
    if (c === null || c === undefined) return;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return node;
}

/** "2026-12-01 08:14:30Z" from an ISO-8601 time; empty for none. */
function time(iso) {
  return iso ? String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/** A table's time cell: the time of day (UTC), the whole time on hover. */
function when(iso) {
  return [iso ? String(iso).substring(11, 19) : '—', { title: time(iso), class: 'time' }];
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(Number(seconds));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

function text(v) {
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

function path(...parts) {
  return '/api/pairs/' + parts.map(encodeURIComponent).join('/');
}

async function getJson(url) {
  const answer = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!answer.ok) throw new Error(url.split('?')[0] + ' answered HTTP ' + answer.status);
  return answer.json();
}

/** A table row of cells; a cell is text, a node, or [content, attrs]. */
function row(attrs, cells) {
  return el('tr', attrs, cells.map((c) => (Array.isArray(c) ? el('td', c[1], c[0]) : el('td', {}, c))));
}

/**
 * Makes the container's children look like {@code children} while keeping every node that already does: a refresh
 * leaves what did not change alone (focus, a button being clicked); actions are read from data-action on click.
 */
function patch(container, children) {
  const old = Array.from(container.childNodes);
  children.forEach((node, i) => {
    const was = old[i];
    if (!was) {
      container.append(node);
    } else if (was.isEqualNode(node)) {
      // unchanged
    } else if (was.nodeType === Node.ELEMENT_NODE && node.nodeType === Node.ELEMENT_NODE && was.tagName === node.tagName) {
      Array.from(was.attributes).forEach((a) => { if (!node.hasAttribute(a.name)) was.removeAttribute(a.name); });
      Array.from(node.attributes).forEach((a) => { if (was.getAttribute(a.name) !== a.value) was.setAttribute(a.name, a.value); });
      patch(was, Array.from(node.childNodes));
    } else if (was.nodeType === Node.TEXT_NODE && node.nodeType === Node.TEXT_NODE) {
      was.nodeValue = node.nodeValue;
    } else {
      container.replaceChild(node, was);
    }
  });
  old.slice(children.length).forEach((extra) => extra.remove());
}

function emptyRow(columns, message) {
  return el('tr', { class: 'empty' }, el('td', { colspan: columns }, message));
}

// ------------------------------------------------------------------ actions

/** POSTs an action (no body) and shows its answer's message or error. */
async function act(url, button) {
  const headers = {};
  const token = byId('admin-token').value.trim();
  if (token) headers.Authorization = 'Bearer ' + token;
  if (button) button.disabled = true;
  let message;
  let failed;
  try {
    const answer = await fetch(url, { method: 'POST', credentials: 'same-origin', headers });
    let body = {};
    try { body = await answer.json(); } catch (e) { body = {}; }
    failed = !answer.ok || body.ok === false;
    message = body.message || body.error || ('HTTP ' + answer.status);
  } catch (e) {
    failed = true;
    message = 'The action could not be sent: ' + e.message;
  } finally {
    if (button) button.disabled = false;
  }
  const box = byId('message');
  box.textContent = message;
  box.className = failed ? 'error' : 'ok';
  box.setAttribute('data-outcome', failed ? 'error' : 'ok');
  box.hidden = false;
  refresh();
}

/** A button that POSTs to {@code url} when clicked (the document's click handler reads data-action). */
function actionButton(label, url, attrs) {
  return el('button', Object.assign({ type: 'button', 'data-action': url }, attrs), label);
}

// ------------------------------------------------------------------ the pairs' cards

const HEALTH = { UP: ['up', 'Healthy'], DOWN: ['down', 'Down'], UNKNOWN: ['unknown', 'Unknown'] };

function badge(health) {
  const [cls, label] = HEALTH[(health && health.state) || 'UNKNOWN'] || HEALTH.UNKNOWN;
  return el('span', { class: 'badge ' + cls, 'data-test': 'health', 'data-state': (health && health.state) || 'UNKNOWN' },
    label);
}

function fact(label, value, test) {
  return [el('dt', {}, label), el('dd', { 'data-test': test }, value)];
}

function detection(d) {
  if (!d) return '—';
  const parts = ['last cycle ' + (d.lastCycle ? time(d.lastCycle) : 'none yet')];
  if (d.lastCycleMillis !== null && d.lastCycleMillis !== undefined) parts.push('took ' + d.lastCycleMillis + ' ms');
  parts.push('lag ' + duration(d.lagSeconds));
  parts.push(d.mode === 'webhooks' ? 'webhooks' : 'polling');
  if (d.webhooks) parts.push('webhooks ' + text(d.webhooks.state) + (d.webhooks.reason ? ': ' + d.webhooks.reason : ''));
  return parts.join(' · ');
}

function progress(p) {
  if (!p) return null;
  const total = Number(p.total) || 0;
  const done = Number(p.done) || 0;
  return el('div', { class: 'progress', 'data-test': 'progress' },
    el('span', {}, 'Initial sync: ' + done + ' / ' + total + ' '),
    el('progress', { max: total || 1, value: done, 'aria-label': 'initial sync progress' }),
    el('span', { class: 'muted' }, ' ' + (p.perSecond !== null && p.perSecond !== undefined
      ? Number(p.perSecond).toFixed(1) + '/s' : '') + ', ' + duration(p.secondsLeft) + ' left'));
}

function budget(list) {
  if (!list || list.length === 0) return el('p', { class: 'muted' }, 'No rate-limit use yet');
  return el('ul', { class: 'budget', 'data-test': 'budget' }, list.map((b) => el('li', {},
    el('span', { class: 'service' }, b.service),
    el('meter', { min: 0, max: b.limit || 1, value: b.used || 0, 'aria-label': b.service + ' budget' }),
    ' ' + text(b.used) + ' / ' + text(b.limit) + ' per ' + text(b.window))));
}

function pairCard(p) {
  const counts = p.counts || {};
  const items = p.items || {};
  const state = [];
  if (p.enabled === false) state.push(el('span', { class: 'badge unknown' }, 'Disabled'));
  if (p.paused) state.push(el('span', { class: 'badge paused', 'data-test': 'paused' }, 'Paused'));
  if (p.connected === false && p.enabled !== false) state.push(el('span', { class: 'badge down' }, 'Not connected'));
  const pause = actionButton('Pause', path(p.name, 'pause'),
    { 'data-test': 'pause', hidden: !!p.paused, class: 'secondary' });
  const resume = actionButton('Resume', path(p.name, 'resume'), { 'data-test': 'resume', hidden: !p.paused });
  const sync = actionButton('Sync now', path(p.name, 'sync-now'), { 'data-test': 'sync-now' });
  // the next cycle plans only (even while paused): its plan shows under "Dry run", nothing is written
  const dryRun = actionButton('Dry run', path(p.name, 'dry-run'), { 'data-test': 'dry-run', class: 'secondary' });
  const show = el('button', { type: 'button', class: 'link', 'data-test': 'select-pair', 'data-select': p.name,
    'aria-pressed': p.name === selected ? 'true' : 'false' }, 'Details');
  return el('article', { class: 'card' + (p.name === selected ? ' selected' : ''), 'data-test': 'pair', 'data-pair': p.name },
    el('header', {}, el('h3', {}, p.name), el('span', { class: 'muted' }, 'Airtable ↔ ' + text(p.tracker)),
      badge(p.health), state),
    el('p', { class: 'reason', 'data-test': 'health-reason' }, text(p.health && p.health.reason)),
    p.describes ? el('p', { class: 'muted' }, p.describes) : null,
    el('dl', {},
      fact('Change detection', detection(p.detection), 'detection'),
      fact('Items', text(items.inSync) + ' in sync, ' + text(items.unlinked) + ' unlinked, '
        + text(items.ambiguous) + ' ambiguous', 'items'),
      fact('Waiting', text(counts.deadLetters) + ' dead letters, ' + text(counts.conflicts) + ' conflicts, '
        + text(counts.holds) + ' held', 'counts')),
    progress(p.progress),
    budget(p.budget),
    el('div', { class: 'buttons' }, pause, resume, sync, dryRun, show));
}

function select(name) {
  selected = name;
  history.replaceState(null, '', '#pair=' + encodeURIComponent(name));
  byId('message').hidden = true;
  refresh();
}

// ------------------------------------------------------------------ the selected pair's panels

function renderRuns(runs) {
  patch(byId('runs'), (runs && runs.length ? runs.map((r) => row({ 'data-test': 'run' }, [
    when(r.started), text(r.millis) + ' ms', text(r.read), text(r.created), text(r.moved), text(r.updated),
    text(r.archived), text(r.leadWrites), [text(r.failed), { class: r.failed > 0 ? 'bad' : '' }]])) : [emptyRow(9, 'No cycle yet')]));
}

function renderActivity(entries) {
  patch(byId('activity'), (entries.length ? entries.map((e) => row({ 'data-test': 'activity-row' }, [
    when(e.time), text(e.event), text(e.record), text(e.item), text(e.field),
    [el('span', { class: 'change' }, text(e.before), ' → ', text(e.after)), {}],
    text([e.who, e.rule].filter((x) => x).join(' / ') || null) + (e.detail ? ' — ' + e.detail : ''),
    [e.record ? actionButton('Resync', path(selected, 'records', e.record, 'resync'),
      { class: 'small secondary', 'data-test': 'resync-row', 'data-record': e.record,
        'aria-label': 'Resync ' + e.record }) : '', { class: 'action' }]])) : [emptyRow(8, 'Nothing logged' + (byId('activity-search').value ? ' matches the search' : ' yet'))]));
}

function renderConflicts(conflicts) {
  patch(byId('conflicts'), (conflicts.length ? conflicts.map((c) => row({ 'data-test': 'conflict' }, [
    when(c.time), text(c.record), text(c.field), text(c.airtable), text(c.tracker),
    text(c.winner) + ' won (' + text(c.policy) + (c.origin ? ', ' + c.origin : '') + ')'])) : [emptyRow(6, 'No conflicts')]));
}

function renderDeadLetters(letters) {
  byId('retry-all').disabled = letters.length === 0;
  patch(byId('dead-letters'), (letters.length ? letters.map((d) => row({ 'data-test': 'dead-letter', 'data-id': d.id }, [
    when(d.time), text(d.record), text(d.reason) + (d.quarantined ? ' (quarantined)' : ''),
    [actionButton('Retry', path(selected, 'dead-letters', d.id, 'retry'),
      { class: 'small', 'data-test': 'retry', 'data-id': d.id, 'aria-label': 'Retry ' + d.id }), { class: 'action' }]])) : [emptyRow(4, 'No dead letters')]));
}

let holdId = null;

function renderHold(hold) {
  byId('hold').hidden = !hold;
  holdId = hold ? hold.id : null;
  if (!hold) return;
  byId('hold').setAttribute('data-id', hold.id);
  byId('hold-summary').textContent = text(hold.summary);
  byId('hold-since').textContent = time(hold.since);
  const removals = hold.removals || [];
  patch(byId('hold-removals'), (removals.length ? removals.map((r) => row({ 'data-test': 'removal' },
    [text(r.record), text(r.item), text(r.action)])) : [emptyRow(3, 'No removal listed')]));
}

const PREVIEW_GROUPS = [['creates', 'Creates'], ['moves', 'Moves'], ['archives', 'Archives'],
  ['airtableWrites', 'Writes to Airtable'], ['updates', 'Updates'], ['conflicts', 'Conflicts decided']];

function renderPreview(preview) {
  byId('preview').hidden = !preview;
  if (!preview) return;
  byId('mapping-decision').hidden = preview.reason !== 'mapping change';
  byId('preview-reason').textContent = text(preview.reason) + (preview.made ? ' (made ' + time(preview.made) + ')' : '');
  patch(byId('preview-groups'), PREVIEW_GROUPS.map(([key, label]) => {
    const list = preview[key] || [];
    return el('details', { 'data-test': 'preview-' + key, open: list.length > 0 && list.length <= 20 },
      el('summary', {}, label + ': ', el('span', { 'data-test': 'preview-count' }, list.length)),
      el('ul', {}, list.map((e) => el('li', { 'data-test': 'preview-entry' },
        [e.record, e.item].filter((x) => x).join(' / ') + (e.summary ? ': ' + e.summary : '')))));
  }));
}

// ------------------------------------------------------------------ refresh

let timer = null;
let inFlight = false;

async function refresh() {
  clearTimeout(timer);
  if (inFlight) { timer = setTimeout(refresh, 100); return; }
  inFlight = true;
  const problems = [];
  try {
    try {
      pairs = (await getJson('/api/pairs')).pairs || [];
    } catch (e) {
      problems.push(e.message);
    }
    if (!pairs.some((p) => p.name === selected) && pairs.length) selected = pairs[0].name;
    patch(byId('pairs'), (pairs.length ? pairs.map(pairCard)
      : [el('p', { class: 'muted' }, problems.length ? 'No pairs could be read.' : 'No pair is configured.')]));
    byId('details').hidden = !selected || !pairs.length;
    if (selected && pairs.length) {
      byId('details-pair').textContent = selected;
      renderRuns((pairs.find((p) => p.name === selected) || {}).runs);
      const q = byId('activity-search').value.trim();
      const reads = [
        ['activity', path(selected, 'activity') + '?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''),
          (j) => renderActivity(j.entries || [])],
        ['conflicts', path(selected, 'conflicts'), (j) => renderConflicts(j.conflicts || [])],
        ['dead letters', path(selected, 'dead-letters'), (j) => renderDeadLetters(j.deadLetters || [])],
        ['hold', path(selected, 'hold'), (j) => renderHold(j.hold)],
        ['preview', path(selected, 'preview'), (j) => renderPreview(j.preview)]];
      await Promise.all(reads.map(([, url, render]) => getJson(url).then(render, (e) => problems.push(e.message))));
    }
  } finally {
    inFlight = false;
  }
  const error = byId('load-error');
  error.hidden = problems.length === 0;
  error.textContent = problems.length ? 'Could not read: ' + problems.join('; ') : '';
  byId('updated').textContent = 'Updated ' + new Date().toISOString().substring(11, 19) + ' UTC';
  timer = setTimeout(refresh, REFRESH);
}

// ------------------------------------------------------------------ wiring

document.addEventListener('click', (e) => {
  const button = e.target.closest('button');
  if (!button) return;
  if (button.dataset.action) act(button.dataset.action, button);
  else if (button.dataset.select) select(button.dataset.select);
});
byId('hold-approve').addEventListener('click', (e) => holdId && act(path(selected, 'hold', holdId, 'approve'), e.target));
byId('hold-discard').addEventListener('click', (e) => holdId && act(path(selected, 'hold', holdId, 'discard'), e.target));
byId('mapping-apply').addEventListener('click', (e) => act(path(selected, 'mapping', 'apply'), e.target));
byId('mapping-discard').addEventListener('click', (e) => act(path(selected, 'mapping', 'discard'), e.target));
byId('retry-all').addEventListener('click', (e) => act(path(selected, 'dead-letters', 'retry'), e.target));
byId('resync-button').addEventListener('click', (e) => {
  const record = byId('resync-record').value.trim();
  if (record) act(path(selected, 'records', record, 'resync'), e.target);
});
let searchDelay = null;
byId('activity-search').addEventListener('input', () => {
  clearTimeout(searchDelay);
  searchDelay = setTimeout(refresh, 250);
});
// the sandbox's side-by-side page is linked only when leadsync runs against its sandbox
fetch('/api/sandbox', { credentials: 'same-origin', cache: 'no-store' })
  .then((answer) => { byId('sandbox-link').hidden = !answer.ok; }, () => {});
refresh();

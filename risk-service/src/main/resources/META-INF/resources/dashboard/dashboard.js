'use strict';
// The risk dashboard: signs in with Keycloak (authorization code + PKCE, tokens kept in memory
// only), shows the register of the user's teams, and follows risk changes as server-sent events.
// Every value from the server is written as text, never as HTML.

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NOTE'];
const MAX_CHANGES = 50;
const session = {token: null, refreshToken: null, signIn: null, selected: null};
const $ = id => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function badge(severity) {
  return element('span', severity || 'none', 'severity ' + (severity || 'none'));
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

// --- signing in ------------------------------------------------------------------------------

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

const redirectUri = () => location.origin + location.pathname;
const endpoint = name => session.signIn.authServerUrl + '/protocol/openid-connect/' + name;

async function tokens(form) {
  const response = await fetch(endpoint('token'), {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(form)
  });
  if (!response.ok) throw new Error('sign-in failed at ' + endpoint('token') + ': ' + response.status);
  const answer = await response.json();
  session.token = answer.access_token;
  session.refreshToken = answer.refresh_token;
  const claims = JSON.parse(atob(answer.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  $('user').textContent = claims.preferred_username || '';
  // renew a little before the access token expires; the live stream stays open meanwhile
  setTimeout(() => tokens({grant_type: 'refresh_token', client_id: session.signIn.clientId,
    refresh_token: session.refreshToken}).catch(() => redirectToSignIn()), Math.max(5, answer.expires_in - 30) * 1000);
}

async function redirectToSignIn() {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem('threatloop.verifier', verifier);
  sessionStorage.setItem('threatloop.state', state);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  location.assign(endpoint('auth') + '?' + new URLSearchParams({
    client_id: session.signIn.clientId, redirect_uri: redirectUri(), response_type: 'code', scope: 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256'
  }));
}

/** True once signed in; false while the browser goes to Keycloak. */
async function signIn() {
  session.signIn = await (await fetch('/api/risks/dashboard/sign-in')).json();
  const answer = new URLSearchParams(location.search);
  if (answer.has('error')) {
    showError('Sign-in refused: ' + (answer.get('error_description') || answer.get('error')) + '. Reload to try again.');
    history.replaceState(null, '', redirectUri());
    return false;
  }
  if (!answer.has('code')) {
    await redirectToSignIn();
    return false;
  }
  history.replaceState(null, '', redirectUri()); // the code is single-use: not kept in the address bar
  if (answer.get('state') !== sessionStorage.getItem('threatloop.state')) {
    showError('The sign-in answer does not belong to this page. Reload to sign in again.');
    return false;
  }
  await tokens({grant_type: 'authorization_code', client_id: session.signIn.clientId, code: answer.get('code'),
    redirect_uri: redirectUri(), code_verifier: sessionStorage.getItem('threatloop.verifier')});
  sessionStorage.removeItem('threatloop.verifier');
  return true;
}

async function api(path) {
  const response = await fetch(path, {headers: {Authorization: 'Bearer ' + session.token, Accept: 'application/json'}});
  if (response.status === 401) {
    await redirectToSignIn();
    throw new Error('signed out');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || (path + ' answered ' + response.status));
  }
  return response.json();
}

// --- the register ------------------------------------------------------------------------------

async function loadModels() {
  // the API pages every list: the worst 200 models first, the note says how many more there are
  const page = await api('/api/risks/models?size=200');
  const models = page.items;
  $('more-models').hidden = page.total <= models.length;
  $('more-models').textContent = 'Showing the ' + models.length + ' models with the highest severity of ' + page.total + '.';
  const rank = model => model.highestSeverity ? SEVERITIES.indexOf(model.highestSeverity) : SEVERITIES.length;
  models.sort((a, b) => rank(a) - rank(b) || a.applicationId.localeCompare(b.applicationId));
  const body = $('models').tBodies[0];
  body.replaceChildren(...models.map(model => {
    const row = element('tr');
    row.dataset.applicationId = model.applicationId;
    row.classList.toggle('selected', model.applicationId === session.selected);
    row.append(element('td', model.applicationId), element('td', model.team ?? '—'));
    const highest = element('td');
    highest.append(badge(model.highestSeverity));
    row.append(highest, ...SEVERITIES.map(s => element('td', model.counts[s] ?? 0)), element('td', model.setAside));
    row.addEventListener('click', () => showModel(model.applicationId));
    return row;
  }));
  $('no-models').hidden = models.length > 0;
}

async function showModel(app) {
  session.selected = app;
  document.querySelectorAll('#models tbody tr').forEach(r => r.classList.toggle('selected', r.dataset.applicationId === app));
  const [page, trend] = await Promise.all([api('/api/risks/models/' + encodeURIComponent(app) + '?size=200'),
    api('/api/risks/models/' + encodeURIComponent(app) + '/trend').catch(() => [])]);
  $('detail-title').textContent = app;
  $('threats').tBodies[0].replaceChildren(...page.items.map(threatRow));
  $('more-threats').hidden = page.total <= page.items.length;
  $('more-threats').textContent = 'Showing the ' + page.items.length + ' highest-scored threats of ' + page.total + '.';
  drawTrend(trend);
  $('detail').hidden = false;
}

function threatRow(threat) {
  const row = element('tr');
  row.dataset.threatId = threat.threatId;
  const title = element('td', threat.title);
  title.append(element('div', threat.ruleId, 'muted'));
  const severity = element('td');
  severity.append(badge(threat.severity));
  const standing = threat.standing ? threat.standing + ' until ' + (threat.standingUntil ?? 'revoked') + ' by '
    + threat.standingBy + ': ' + threat.justification : 'open';
  row.append(title, element('td', threat.target), severity, element('td', threat.score.toFixed(1)),
    element('td', standing), why(threat.rating, threat.adjustments, threat.causes));
  return row;
}

/** The factor breakdown, the context rules that moved factors and the causes of the last change. */
function why(rating, adjustments, causes) {
  const cell = element('td');
  if (!rating) return cell;
  const details = element('details');
  details.append(element('summary', 'likelihood ' + rating.likelihood.toFixed(2) + ' (' + rating.likelihoodLevel
    + '), impact ' + rating.impact.toFixed(2) + ' (' + rating.impactLevel + ')'));
  const factors = element('ul', null, 'factors');
  Object.entries(rating.factors).sort().forEach(([name, value]) => factors.append(element('li', name + ': ' + value)));
  details.append(element('div', 'Factors', 'muted'), factors);
  if (adjustments && adjustments.length) {
    const moved = element('ul', null, 'adjustments');
    adjustments.forEach(a => moved.append(element('li', a.factor + ' ' + a.from + ' → ' + a.to + ' by '
      + a.contextRule + ': ' + a.reason)));
    details.append(element('div', 'Moved by context rules', 'muted'), moved);
  }
  if (causes && causes.length) {
    const chain = element('ol', null, 'causes');
    causes.forEach(c => chain.append(element('li', c.kind + ' ' + c.id + (c.description ? ' — ' + c.description : ''))));
    details.append(element('div', 'Caused by', 'muted'), chain);
  }
  cell.append(details);
  return cell;
}

function drawTrend(points) {
  const svg = $('trend');
  svg.replaceChildren();
  if (points.length === 0) return;
  const max = Math.max(1, ...points.flatMap(p => [p.counts.CRITICAL, p.counts.HIGH, p.counts.MEDIUM]));
  const x = i => points.length === 1 ? 300 : i * 600 / (points.length - 1);
  ['CRITICAL', 'HIGH', 'MEDIUM'].forEach(severity => {
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('class', severity);
    line.setAttribute('points', points.map((p, i) => x(i) + ',' + (115 - p.counts[severity] * 110 / max)).join(' '));
    svg.append(line);
  });
}

// --- the live stream ---------------------------------------------------------------------------

function showChange(live) {
  const change = live.change;
  const item = element('li', null, 'fresh');
  item.dataset.threatId = change.threatId;
  item.dataset.applicationId = change.applicationId;
  const line = element('div');
  line.append(badge(change.previous?.severity), ' → ', badge(change.current?.severity), ' ',
    element('strong', change.title), ' ', element('span', change.applicationId, 'muted'));
  item.append(line, element('div', new Date(live.time).toLocaleString() + ' · ' + change.ruleId, 'muted'));
  item.append(why(change.current ?? change.previous, change.adjustments, change.causes));
  item.addEventListener('click', event => {
    if (!event.target.closest('details')) showModel(change.applicationId);
  });
  $('changes').prepend(item);
  while ($('changes').children.length > MAX_CHANGES) $('changes').lastChild.remove();
}

let reload = null;

function refreshSoon(app) {
  clearTimeout(reload);
  reload = setTimeout(() => {
    loadModels().catch(e => showError(e.message));
    if (session.selected === app) showModel(app).catch(e => showError(e.message));
  }, 500);
}

function setLive(online) {
  $('live').className = online ? 'online' : 'offline';
  $('live').textContent = online ? 'live' : 'offline';
}

async function follow() {
  for (;;) {
    try {
      const response = await fetch('/api/risks/stream', {headers: {Authorization: 'Bearer ' + session.token,
        Accept: 'text/event-stream'}});
      if (!response.ok) throw new Error('the live stream answered ' + response.status);
      setLive(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').filter(l => l.startsWith('data:'))
            .map(l => l.slice(5).trimStart()).join('\n');
          buffer = buffer.slice(end + 2);
          if (data) {
            const live = JSON.parse(data);
            showChange(live);
            refreshSoon(live.change.applicationId);
          }
        }
      }
    } catch (e) {
      console.warn('live stream interrupted', e);
    }
    setLive(false);
    await new Promise(resolve => setTimeout(resolve, 3000)); // then reconnect
  }
}

// --- is the pipeline flowing? ---------------------------------------------------------------------

const PIPELINE_EVERY_MS = 15000;

async function watchPipeline() {
  try {
    const pipeline = await api('/api/risks/pipeline');
    const problems = pipeline.services.filter(s => s.status !== 'UP').map(s => {
      const item = element('li', s.name + ' ' + s.status + (s.problems.length ? ': ' + s.problems.join('; ') : ''));
      item.dataset.service = s.name;
      return item;
    });
    $('pipeline-problems').replaceChildren(...problems);
    $('pipeline').hidden = pipeline.flowing;
  } catch (e) {
    console.warn('pipeline status unavailable', e);
  }
  setTimeout(watchPipeline, PIPELINE_EVERY_MS);
}

(async () => {
  try {
    if (!await signIn()) return;
    await loadModels();
    watchPipeline();
    follow();
  } catch (e) {
    showError(e.message);
  }
})();

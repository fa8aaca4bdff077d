// Dashboard sign-in: POST /api/session with the user token as a bearer; the answer sets a cookie
// that the API accepts for reads (GET/HEAD) only.
'use strict';

(() => {
  /** Back to the page that needed signing in; only paths on this site, never //other.host. */
  function next() {
    const target = new URLSearchParams(location.search).get('next') || '/';
    return /^\/(?![/\\])/.test(target) ? target : '/';
  }

  const error = document.getElementById('error');
  document.getElementById('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const token = document.getElementById('token').value.trim();
    const r = await fetch('/api/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    if (r.ok) {
      location.replace(next());
      return;
    }
    let detail = r.statusText;
    try { detail = (await r.json()).detail || detail; } catch (e) { /* not JSON */ }
    error.textContent = `${r.status} ${detail}`;
    error.hidden = false;
  });
})();

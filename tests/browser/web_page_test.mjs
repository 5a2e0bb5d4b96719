// The rota managers' web page in headless Chromium against the real binary: sign-in by a chat
// link, a sick day from the calendar, a swap answered on the page, live updates, the reports,
// a refused replay of the link, a 360 px wide phone and German.
//
//   node web_page_test.mjs <switchboard binary> <web dir>
// SB_SCREENSHOTS=<dir> also writes the screenshots for the README there.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importClient } from '../js/engines.mjs';
import { Daemon } from './daemon.mjs';
import { configText, webhookSecret } from './test_config.mjs';

const chromiumPath = process.env.SB_CHROMIUM || '/usr/bin/chromium';
const [binary, webDir] = process.argv.slice(2);
const shots = process.env.SB_SCREENSHOTS ? path.resolve(process.env.SB_SCREENSHOTS) : null;

// tests/js holds the test-only npm packages; without them, or on a Node.js older than
// playwright-core asks for, the test skips and says why.
const { chromium } = await importClient('playwright-core');
if (!fs.existsSync(chromiumPath)) {
  console.log(`SKIP: no Chromium at ${chromiumPath} (apt-get install chromium)`);
  process.exit(77);
}
if (!binary || !webDir) {
  console.error('usage: node web_page_test.mjs <switchboard binary> <web dir>');
  process.exit(2);
}

const zone = 'Europe/Berlin';
let daemon;
let context;
let page;
let signinLink;
const pageErrors = [];

// "YYYY-MM-DD" of an instant in Berlin.
function berlinDate(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function addDays(key, days) {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// The first Saturday after today in Berlin.
function nextSaturday() {
  const today = berlinDate(new Date());
  const [y, m, d] = today.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(today, ((6 - weekday + 7) % 7) || 7);
}

// Berlin is +01:00 in winter and +02:00 in summer; ask Intl which.
function berlinOffset(key) {
  const probe = new Date(`${key}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(probe).find((p) => p.type === 'timeZoneName').value;
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

async function apiGet(pathAndQuery) {
  const response = await context.request.get(`${daemon.base}/api/v1${pathAndQuery}`);
  assert.equal(response.status(), 200, `${pathAndQuery}: ${await response.text()}`);
  return response.json();
}

async function screenshot(name) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  // The last action's confirmation is not part of the picture.
  await page.evaluate(() => { document.getElementById('notice').hidden = true; });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
}

async function go(view) {
  const url = `${daemon.base}/web/#/${view}`;
  // The same URL again is no navigation at all (no hashchange): load the page afresh then.
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.locator('h1.view-title').waitFor();
}

const profiles = [];

// Debian's Chromium on a fresh profile of its own: nothing is downloaded, nothing is kept.
async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: zone,
  });
}

before(async () => {
  daemon = await Daemon.start({ binary, webDir, config: configText(), env: { SB_TEST_SECRET: webhookSecret } });
  context = await openBrowser();
  // A missing element fails its step in seconds, not after Playwright's default half minute.
  context.setDefaultTimeout(10000);
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // An answer of 4xx is logged by Chromium too; the test provokes some (a stale If-Match).
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageErrors.push(message.text());
  });
});

after(async () => {
  await context?.close();
  await daemon?.stop();
  for (const profile of profiles) fs.rmSync(profile, { recursive: true, force: true });
});

test('a sign-in link from chat signs in', async () => {
  const from = daemon.mark();
  daemon.type('/as alice');
  daemon.type('web');
  const match = await daemon.waitFor('stdout', /\[DM to alice\][^\n]*(http:\/\/\S+\/web\/signin\?t=\S+)/, 10000, from);
  signinLink = match[1];
  await page.goto(signinLink);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/web\/#\/calendar$/);
  await page.locator('#who').filter({ hasText: 'Alice' }).waitFor();
  const session = await apiGet('/session');
  assert.equal(session.person, 'alice');
  assert.ok(session.csrf_token);
});

test('a sick day in the calendar brings the substitute and warns the room of the gap', async () => {
  const saturday = nextSaturday();
  const oncall = await apiGet(`/teams/care/oncall?at=${encodeURIComponent(`${saturday}T12:00:00${berlinOffset(saturday)}`)}`);
  const scheduled = oncall.layers.find((s) => s.layer === 'primary');
  assert.ok(scheduled && scheduled.person, JSON.stringify(oncall));

  await go('calendar');
  await page.getByRole('button', { name: 'Week' }).click();
  const cell = page.locator(`td[data-date="${saturday}"][data-layer="primary"]`);
  for (let i = 0; i < 2 && !(await cell.count()); i += 1) {
    await page.getByRole('button', { name: 'Later' }).click();
    await page.waitForTimeout(300);
  }
  const span = cell.locator('button.span.r-rotation').first();
  await span.waitFor();
  assert.match(await span.textContent(), new RegExp(scheduled.person_name));
  await span.click();

  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  // From and to are prefilled with the span: the weekend window of that Saturday.
  assert.equal(await dialog.locator('input[name=start]').first().inputValue(), `${saturday}T09:00`);
  assert.equal(await dialog.locator('input[name=end]').first().inputValue(), `${saturday}T21:00`);
  await dialog.locator('select[name=reason]').selectOption('sick');
  const from = daemon.mark();
  await dialog.getByRole('button', { name: 'Add absence' }).click();
  await page.locator('.notice-ok').filter({ hasText: 'Absence added' }).waitFor();
  await dialog.waitFor({ state: 'detached' }).catch(() => {});
  assert.equal(await page.locator('dialog[open]').count(), 0);

  // The grid shows the substitute on that day, and the absence.
  await cell.locator('button.span.r-substitute').first().waitFor({ timeout: 5000 });
  await page.locator(`.absence-row td[data-date="${saturday}"] button.r-absence`).first().waitFor();
  const warning = await daemon.waitFor('stdout', /Gap ahead: [^\n]*/, 10000, from);
  // The page says it too: the substitute now holds both layers at once.
  const substitute = await cell.locator('button.span.r-substitute .span-who').first().textContent();
  assert.match(warning[0], new RegExp(substitute));
  await page.locator('ul.doubles li').filter({ hasText: substitute }).first().waitFor();
  assert.ok(pageErrors.length === 0, pageErrors.join('\n'));
});

test('an absence can be changed and a stale change is refused with a reload', async () => {
  const saturday = nextSaturday();
  const absence = page.locator(`.absence-row td[data-date="${saturday}"] button.r-absence`).first();
  await absence.click();
  const dialog = page.locator('dialog[open]');
  await dialog.locator('select[name=reason]').waitFor();
  // Someone else changes it meanwhile (through the API, as another browser would).
  const list = await apiGet('/absences');
  const id = list.items[0].id;
  const current = await context.request.get(`${daemon.base}/api/v1/absences/${id}`);
  const session = await apiGet('/session');
  const changed = await context.request.patch(`${daemon.base}/api/v1/absences/${id}`, {
    headers: { 'If-Match': current.headers().etag, 'X-CSRF-Token': session.csrf_token },
    data: { reason: 'other' },
  });
  assert.equal(changed.status(), 200, await changed.text());
  await dialog.locator('select[name=reason]').selectOption('vacation');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.notice-error').filter({ hasText: 'someone else changed this' }).waitFor();
  // The dialog reloaded the absence: the other change is shown, and saving now works.
  assert.equal(await dialog.locator('select[name=reason]').inputValue(), 'other');
  await dialog.locator('select[name=reason]').selectOption('sick');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.notice-ok').filter({ hasText: 'Absence changed' }).waitFor();
});

test('an override from the calendar puts someone else on the shift', async () => {
  const sunday = addDays(nextSaturday(), 1);
  const cell = page.locator(`td[data-date="${sunday}"][data-layer="secondary"]`);
  await cell.locator('button.span').first().click();
  const dialog = page.locator('dialog[open]');
  await dialog.locator('select[name=person]').selectOption('dave');
  await dialog.getByRole('button', { name: 'Add override' }).click();
  await page.locator('.notice-ok').filter({ hasText: 'Override added' }).waitFor();
  await cell.locator('button.span.r-override').filter({ hasText: 'Dave' }).waitFor();
});

test('a swap requested in chat is accepted on the page', async () => {
  const later = addDays(nextSaturday(), 7);
  const at = `${later}T12:00:00${berlinOffset(later)}`;
  const oncall = await apiGet(`/teams/care/oncall?at=${encodeURIComponent(at)}`);
  const giver = oncall.layers.find((s) => s.layer === 'primary').person;
  const reply = await daemon.say(giver, `swap request @alice ${later}T12:00`);
  assert.match(reply, /swap request (\d+)|asked|Alice/i, reply);

  await go('swaps');
  const accept = page.getByRole('button', { name: /^Accept #\d+$/ });
  await accept.waitFor();
  const from = daemon.mark();
  await accept.click();
  await page.locator('.notice-ok').filter({ hasText: 'accepted' }).waitFor();
  await daemon.waitFor('stdout', new RegExp(`\\[DM to ${giver}\\][^\\n]*Alice`), 10000, from);
  const after = await apiGet(`/teams/care/oncall?at=${encodeURIComponent(at)}`);
  assert.equal(after.layers.find((s) => s.layer === 'primary').person, 'alice');
});

test('the now view follows changes made elsewhere, live', async () => {
  await go('now');
  await page.locator('#oncall-title').waitFor();
  // The event stream is open before anything changes, so the change cannot slip past it.
  await page.locator('#live[data-state="on"]').waitFor();
  const before = await page.locator('li.item').count();
  await daemon.postMention(webhookSecret, {
    id: 'browser-1', platform: 'x', author: '@dana', text: 'my parcel never arrived',
    url: 'https://x.com/dana/1', created_at: new Date().toISOString(),
  });
  await page.locator('li.item').filter({ hasText: 'my parcel never arrived' }).waitFor({ timeout: 8000 });
  assert.equal(await page.locator('li.item').count(), before + 1);
  await daemon.postMention(webhookSecret, {
    id: 'browser-2', platform: 'instagram', author: '@eve', text: 'love the new app, but where is dark mode?',
    url: 'https://instagram.com/p/2', created_at: new Date().toISOString(),
  });
  await page.locator('li.item').filter({ hasText: 'dark mode' }).waitFor({ timeout: 8000 });
  // Claim one from the page; it shows as claimed by Alice.
  const item = page.locator('li.item').filter({ hasText: 'my parcel never arrived' });
  await item.getByRole('button', { name: /^Claim #\d+$/ }).click();
  await page.locator('li.item').filter({ hasText: 'my parcel never arrived' }).filter({ hasText: 'Claimed by Alice' }).waitFor();
  await screenshot('now');
});

test('the reports show charts, tables and CSV links', async () => {
  // One item resolved, so the report has times to show.
  const item = page.locator('li.item').filter({ hasText: 'my parcel never arrived' });
  await item.getByRole('button', { name: /^Resolve #\d+$/ }).click();
  await page.locator('.notice-ok').filter({ hasText: 'resolved' }).waitFor();
  // A few more, claimed and resolved in chat by others, so every section has rows.
  const mentions = [
    ['facebook', '@finn', 'is the shop open on Sunday?'],
    ['x', '@gina', 'your app logs me out every hour'],
    ['instagram', '@hugo', 'thanks for the quick refund!'],
  ];
  for (const [i, [platform, author, text]] of mentions.entries()) {
    await daemon.postMention(webhookSecret, {
      id: `browser-${i + 3}`, platform, author, text, url: `https://example.com/${i + 3}`, created_at: new Date().toISOString(),
    });
  }
  await daemon.waitFor('stdout', /card #5/, 10000);
  assert.match(await daemon.say('bob', 'claim 3'), /#3|claimed|yours/i);
  assert.match(await daemon.say('carol', 'claim 4'), /#4|claimed|yours/i);
  assert.match(await daemon.say('bob', 'resolve 3 answered'), /#3|resolved/i);
  assert.match(await daemon.say('carol', 'resolve 4 answered'), /#4|resolved/i);
  await go('reports');
  await page.locator('#report-fairness').waitFor();
  for (const id of ['weeks', 'sources', 'people', 'hours', 'fairness']) {
    const section = page.locator(`section[aria-labelledby="report-${id}"]`);
    await section.waitFor();
    const href = await section.locator('a.csv').getAttribute('href');
    assert.match(href, new RegExp(`^/api/v1/reports\\.csv\\?section=${id}&team=care`));
  }
  assert.ok(await page.locator('svg.heat rect.heat-cell').count() === 7 * 24);
  assert.ok(await page.locator('section[aria-labelledby="report-fairness"] svg rect').count() >= 1);
  const csv = await context.request.get(`${daemon.base}${await page.locator('section[aria-labelledby="report-sources"] a.csv').getAttribute('href')}`);
  assert.equal(csv.status(), 200);
  await screenshot('reports');
  await go('audit');
  await page.locator('table.audit tbody tr').first().waitFor();
});

test('the calendar month view', async () => {
  await go('calendar');
  await page.getByRole('button', { name: 'Month' }).click();
  await page.locator('table.cal-month').waitFor();
  await page.locator('table.cal-month button.span').first().waitFor();
  await screenshot('calendar-month');
  // Escape closes a dialog and gives focus back to the span that opened it.
  const span = page.locator('table.cal-month button.span.r-rotation').first();
  await span.focus();
  await page.keyboard.press('Enter');
  await page.locator('dialog[open]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('dialog[open]').waitFor({ state: 'detached' }).catch(() => {});
  assert.equal(await page.locator('dialog[open]').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('span')), true);

  // Removing the sick day gives the shift back to the scheduled person.
  const saturday = nextSaturday();
  if (saturday.slice(0, 7) !== berlinDate(new Date()).slice(0, 7)) await page.getByRole('button', { name: 'Later' }).click();
  await page.locator(`.absence-row td[data-date="${saturday}"] button.r-absence`).first().click();
  await page.locator('dialog[open]').getByRole('button', { name: 'Remove absence' }).click();
  await page.locator('.notice-ok').filter({ hasText: 'Absence removed' }).waitFor();
  const cell = page.locator(`td[data-date="${saturday}"][data-layer="primary"]`);
  await cell.locator('button.span.r-rotation').first().waitFor();
  assert.equal(await cell.locator('button.span.r-substitute').count(), 0);
});

test('a used sign-in link is refused', async () => {
  const other = await openBrowser();
  const stranger = other.pages()[0] || await other.newPage();
  await stranger.goto(signinLink);
  const button = stranger.locator('form button[type=submit]');
  if (await button.count()) {
    const [response] = await Promise.all([stranger.waitForNavigation(), button.click()]);
    assert.equal(response.status(), 401);
  }
  assert.match(await stranger.locator('body').textContent(), /cannot be used|already used|expired/i);
  const session = await other.request.get(`${daemon.base}/api/v1/session`);
  assert.equal(session.status(), 401);
  // The page itself, without a session, says how to sign in.
  await stranger.goto(`${daemon.base}/web/`);
  await stranger.locator('.signed-out').filter({ hasText: 'Type "web"' }).waitFor();
  await other.close();
});

test('on a 360 px wide phone nothing scrolls the page sideways', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const view of ['calendar', 'now', 'swaps', 'reports', 'audit']) {
    await go(view);
    await page.waitForTimeout(400);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `#/${view} is ${overflow} px wider than the screen`);
    if (view === 'calendar') {
      // The grid scrolls inside its own box instead.
      const inner = await page.evaluate(() => {
        const box = document.querySelector('.grid-scroll');
        return box.scrollWidth > box.clientWidth;
      });
      assert.ok(inner, 'the calendar grid should scroll inside its box');
      await screenshot('calendar-phone');
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('the page switches to German and keeps the choice', async () => {
  await go('calendar');
  await page.locator('#lang').selectOption('de');
  await page.locator('nav.tabs a[data-view="calendar"]').filter({ hasText: 'Kalender' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await page.reload();
  await page.locator('h1.view-title').filter({ hasText: 'Kalender' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await page.locator('#lang').selectOption('en');
  await page.locator('h1.view-title').filter({ hasText: 'Calendar' }).waitFor();
});

test('signing out ends the session', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/web\/signedout/);
  const session = await context.request.get(`${daemon.base}/api/v1/session`);
  assert.equal(session.status(), 401);
  assert.deepEqual(pageErrors, []);
});

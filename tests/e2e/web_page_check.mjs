// Drives the web dashboard in headless Chromium (playwright-core from the
// build's `npm ci`; the Debian chromium, never a downloaded browser) for
// test_web_page.sh. Exits non-zero with "FAIL: ..." on the first broken check.
//   node web_page_check.mjs --modules DIR --url URL --mode dashboard|token|alert
//        [--token T] [--out FILE] [--artifacts DIR] [--screenshots DIR]
// The browser runs in New York time, so local time and UTC differ.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const require = createRequire(join(option('--modules'), 'package.json'));
const { chromium } = require('playwright-core');

const url = option('--url');
const origin = new URL(url).origin;
const mode = option('--mode', 'dashboard');
const INTERVAL_WAIT_MS = 8000;
const TIME_ZONE = 'America/New_York';
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PREFIX = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

function fail(message) {
    throw new Error(`FAIL: ${message}`);
}

function note(message) {
    console.error(`# ${message}`);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'netmon-web-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    viewport: LAPTOP,
    timezoneId: TIME_ZONE,
});
const requests = [];
const problems = [];
context.on('request', (request) => requests.push(request.url()));
let status = 0;
try {
    const page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
        // Failed loads (401 before the token, 503 before the first interval) are the API's answers, checked elsewhere.
        if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    if (mode === 'dashboard') await dashboard(page);
    else if (mode === 'token') await tokenPrompt(page);
    else if (mode === 'alert') await alertPanel(page);
    else fail(`unknown mode ${mode}`);

    // Everything the page asked for came from the server that served it.
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'));
    if (foreign.length > 0) fail(`requests to other hosts: ${foreign.join(', ')}`);
    if (requests.length < 3) fail(`only ${requests.length} requests recorded: ${requests.join(', ')}`);
    note(`${requests.length} requests, all to ${origin}`);
    if (problems.length > 0) fail(problems.join('; '));
} catch (error) {
    console.error(error.message.startsWith('FAIL') ? error.message : `FAIL: ${error.stack}`);
    status = 1;
} finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(status);

async function chartPoints(page) {
    return page.evaluate(() => Number(document.querySelector('#chart-bps').dataset.points ?? 0));
}

async function waitForMorePoints(page, than) {
    await page.waitForFunction((n) => Number(document.querySelector('#chart-bps').dataset.points ?? 0) > n,
        than, { timeout: INTERVAL_WAIT_MS }).catch(() => fail(`the chart stayed at ${than} points`));
    return chartPoints(page);
}

// The cells of one column of a table, in the order shown.
async function column(page, tableId, key) {
    return page.evaluate(([id, k]) => {
        const table = document.querySelector(`#${id} table`);
        const index = [...table.querySelectorAll('thead th')].findIndex((th) => th.dataset.key === k);
        return [...table.querySelectorAll('tbody tr')].map((tr) => {
            const cell = tr.children[index];
            return cell.dataset.value ?? cell.textContent;
        });
    }, [tableId, key]);
}

async function sortBy(page, tableId, key) {
    await page.click(`#${tableId} thead th[data-key="${key}"] button`);
    return page.getAttribute(`#${tableId} thead th[data-key="${key}"]`, 'aria-sort');
}

function ordered(values, descending, numeric) {
    const cmp = numeric ? (a, b) => Number(a) - Number(b)
        : (a, b) => a.localeCompare(b, undefined, { numeric: true });
    return values.every((v, i) => i === 0 || (descending ? cmp(values[i - 1], v) >= 0 : cmp(values[i - 1], v) <= 0));
}

async function checkSorting(page, tableId, numericKey, textKey) {
    const rows = (await column(page, tableId, numericKey)).length;
    if (rows < 2) fail(`${tableId}: ${rows} rows, need at least 2 to check sorting`);
    // Rates change every interval: each check reads the column at once, right after the click.
    let sort = await sortBy(page, tableId, numericKey);
    if (sort !== 'descending') fail(`${tableId} ${numericKey}: aria-sort ${sort} after one click`);
    let values = await column(page, tableId, numericKey);
    if (!ordered(values, true, true)) fail(`${tableId} not sorted by ${numericKey} descending: ${values}`);
    sort = await sortBy(page, tableId, numericKey);
    values = await column(page, tableId, numericKey);
    if (sort !== 'ascending' || !ordered(values, false, true)) fail(`${tableId} ${numericKey} ascending: ${sort} ${values}`);
    sort = await sortBy(page, tableId, textKey);
    values = await column(page, tableId, textKey);
    if (sort !== 'ascending' || !ordered(values, false, false)) fail(`${tableId} ${textKey} ascending: ${sort} ${values}`);
    const others = await page.$$eval(`#${tableId} thead th[aria-sort]`, (ths) => ths.length);
    if (others !== 1) fail(`${tableId}: ${others} columns claim aria-sort`);
    note(`${tableId}: ${rows} rows sort by ${numericKey} and ${textKey}`);
}

async function dashboard(page) {
    await page.locator('#dashboard').waitFor({ state: 'visible', timeout: INTERVAL_WAIT_MS });
    await page.locator('#token-form').waitFor({ state: 'hidden' });

    // A chart gains a point with every interval the stream pushes.
    const first = await waitForMorePoints(page, 1);
    const second = await waitForMorePoints(page, first);
    const third = await waitForMorePoints(page, second);
    note(`chart points: ${first}, ${second}, ${third}`);

    await checkSorting(page, 'table-sources', 'packets', 'address');
    await checkSorting(page, 'table-flows', 'bps_10s', 'flow');

    // A reload loses nothing: the history comes back before the next interval.
    const before = await chartPoints(page);
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#chart-bps').dataset.points !== undefined,
        null, { timeout: INTERVAL_WAIT_MS });
    const after = await chartPoints(page);
    note(`chart points before reload ${before}, right after ${after}`);
    if (after < before) fail(`reload lost history: ${before} points before, ${after} after`);
    await waitForMorePoints(page, after);

    await checkNumbers(page);
    await checkTimes(page);

    const artifacts = option('--artifacts');
    if (artifacts) {
        mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: join(artifacts, 'web-dashboard.png'), fullPage: true });
    }
    // Light and dark themes follow the browser.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    if (light === dark) fail(`the same background in light and dark: ${light}`);
    if (artifacts) await page.screenshot({ path: join(artifacts, 'web-dashboard-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    await checkPhone(page, artifacts && join(artifacts, 'web-dashboard-phone.png'));

    // What the page shows, exactly, for the shell to compare with the final JSON.
    const shown = await page.evaluate(() => {
        const fields = {};
        for (const el of document.querySelectorAll('[data-field]')) fields[el.dataset.field] = el.dataset.value;
        const text = {};
        for (const el of document.querySelectorAll('[data-field]')) text[el.dataset.field] = el.textContent;
        const title = {};
        for (const el of document.querySelectorAll('[data-field]')) title[el.dataset.field] = el.title;
        const rowsOf = (id) => {
            const table = document.querySelector(`#${id} table`);
            const keys = [...table.querySelectorAll('thead th')].map((th) => th.dataset.key);
            return [...table.querySelectorAll('tbody tr')].map((tr) => Object.fromEntries(
                [...tr.children].map((cell, i) => [keys[i], cell.dataset.value ?? cell.textContent])));
        };
        return { fields, text, title, sources: rowsOf('table-sources'), processes: rowsOf('table-processes') };
    });
    writeFileSync(option('--out'), JSON.stringify(shown));
}

async function tokenPrompt(page) {
    await page.locator('#token-form').waitFor({ state: 'visible', timeout: INTERVAL_WAIT_MS });
    await page.waitForTimeout(1500); // an interval: still no data may appear
    if (await page.isVisible('#dashboard')) fail('the dashboard is visible without a token');
    const packets = await page.textContent('[data-field="totals.packets"]');
    if (packets !== '') fail(`data shown without a token: totals.packets "${packets}"`);
    note('without a token: the prompt, no data');

    await page.fill('#token-input', 'not-the-token');
    await page.click('#token-form button[type="submit"]');
    await page.waitForFunction(() => /refused/.test(document.querySelector('#token-message').textContent),
        null, { timeout: INTERVAL_WAIT_MS }).catch(() => fail('a wrong token was not refused'));
    if (await page.isVisible('#dashboard')) fail('the dashboard is visible with a wrong token');

    await page.fill('#token-input', option('--token'));
    await page.click('#token-form button[type="submit"]');
    await page.locator('#dashboard').waitFor({ state: 'visible', timeout: INTERVAL_WAIT_MS });
    await waitForMorePoints(page, 0);
    // Kept for the tab: a reload does not ask again.
    await page.reload();
    await page.locator('#dashboard').waitFor({ state: 'visible', timeout: INTERVAL_WAIT_MS });
    if (await page.isVisible('#token-form')) fail('the token was asked again after a reload');
    note('with the token: data; kept across a reload');
}

// A phone: nothing wider than the screen, and no table clipped (each fits
// its box: nothing hides behind a sideways scroll).
async function checkPhone(page, screenshot) {
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > PHONE.width) fail(`at ${PHONE.width} px wide the page is ${width} px wide`);
    const clipped = await page.evaluate(() => [...document.querySelectorAll('.table-scroll')]
        .filter((box) => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
        .map((box) => `${box.querySelector('caption')?.textContent}: ${box.scrollWidth} > ${box.clientWidth} px`));
    if (clipped.length > 0) fail(`at ${PHONE.width} px, tables clipped: ${clipped.join('; ')}`);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.setViewportSize(LAPTOP);
    note(`at ${PHONE.width} px: the page fits, no table clipped`);
}

// Every figure reads as at most 4 significant digits with its unit, and
// says the same as the exact value behind it (data-value) to within the
// rounding of 3 digits.
async function checkNumbers(page) {
    const cells = await page.evaluate(() => {
        const unitOf = (el) => el.dataset.unit ?? '';
        const out = [];
        for (const el of document.querySelectorAll('[data-field]')) {
            if (el.id !== 'fill') out.push({ where: el.dataset.field, text: el.textContent, value: el.dataset.value, unit: unitOf(el) });
        }
        const units = ['pkt/s', 'bit/s', '', 'B'];
        document.querySelectorAll('#directions tbody tr').forEach((tr) => [...tr.querySelectorAll('td')].forEach((td, i) =>
            out.push({ where: `directions ${tr.firstChild.textContent} ${i}`, text: td.textContent, value: td.dataset.value, unit: units[i] })));
        for (const table of document.querySelectorAll('table.sortable')) {
            const keys = [...table.querySelectorAll('thead th')].map((th) => th.dataset.key);
            for (const tr of table.querySelectorAll('tbody tr')) {
                [...tr.children].forEach((cell, i) => {
                    const key = keys[i];
                    if (!cell.classList.contains('num') || key === 'port') return; // a port is a name, not a quantity
                    out.push({ where: `${table.querySelector('caption').textContent} ${key}`, text: cell.textContent,
                        value: cell.dataset.value, unit: key.endsWith('bytes') ? 'B' : key.startsWith('bps') ? 'bit/s' : '' });
                });
            }
        }
        return out;
    });
    if (cells.length < 20) fail(`only ${cells.length} figures found on the page`);
    for (const { where, text, value, unit } of cells) {
        const m = /^(-?\d+(?:\.\d+)?) ?([kMGTPE]?)(.*)$/.exec(text);
        if (!m || m[3] !== unit) fail(`${where}: "${text}" is not a number with the unit "${unit}"`);
        const digits = m[1].replace(/\D/g, '').replace(/^0+/, '');
        if (digits.length > 4) fail(`${where}: "${text}" has ${digits.length} significant digits`);
        const shown = Number(m[1]) * PREFIX[m[2]];
        const exact = Number(value);
        if (Math.abs(shown - exact) > 0.0051 * Math.abs(exact)) fail(`${where}: "${text}" for the exact ${value}`);
    }
    const rates = cells.filter((c) => c.unit === 'bit/s' || c.unit === 'pkt/s').length;
    note(`${cells.length} figures (${rates} rates with units) read in 3 digits, e.g. ${cells.slice(0, 4).map((c) => `"${c.text}"`).join(', ')}`);
}

// Times are local (here New York), with UTC on hover.
async function checkTimes(page) {
    const time = await page.evaluate(() => {
        const el = document.querySelector('#meta-time');
        return { text: el.textContent, title: el.title, iso: el.dateTime };
    });
    const at = new Date(time.iso);
    const local = at.toLocaleTimeString('en-GB', { timeZone: TIME_ZONE, hourCycle: 'h23' });
    const utc = at.toISOString().slice(11, 19);
    if (!time.text.startsWith(local)) fail(`header time "${time.text}", ${TIME_ZONE} time is ${local}`);
    if (time.text.includes(utc)) fail(`header time "${time.text}" shows UTC ${utc}`);
    if (time.title !== `${at.toISOString().slice(0, 10)} ${utc} UTC`) fail(`header time's title "${time.title}"`);
    note(`header: "${time.text}" (title "${time.title}")`);
}

async function alertPanel(page) {
    await page.locator('#dashboard').waitFor({ state: 'visible', timeout: INTERVAL_WAIT_MS });
    // Active: at the top, in colour.
    await page.waitForSelector('#alerts-active li.alert-active', { timeout: 20000 })
        .catch(() => fail('no active alert shown'));
    const look = await page.evaluate(() => {
        const style = (el) => getComputedStyle(el);
        const head = document.querySelector('#alerts-active li.alert-active .alert-head');
        const panel = document.querySelector('#alerts');
        const main = document.querySelector('#dashboard');
        return {
            text: head.textContent, colour: style(head).color, bodyColour: style(document.body).color,
            panel: style(panel).backgroundColor, firing: panel.classList.contains('firing'),
            first: main.firstElementChild === panel,
        };
    });
    if (!look.firing || look.colour === look.bodyColour) fail(`the active alert is not in colour: ${JSON.stringify(look)}`);
    if (!look.first) fail('the alerts are not at the top of the page');
    if (!/ pkt\/s > [\d.]+ (k)?pkt\/s/.test(look.text)) fail(`the active alert has no units: "${look.text}"`);
    note(`active alert, in ${look.colour} on ${look.panel}: ${look.text}`);

    const shots = option('--screenshots');
    if (shots) {
        // A few intervals more, so the charts have a history to show.
        await page.waitForTimeout(6000);
        if (!(await page.isVisible('#alerts-active li.alert-active'))) fail('the alert ended before the screenshots');
        mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: join(shots, 'web-dashboard.png') });
        await page.setViewportSize(PHONE);
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(shots, 'web-phone.png') });
        await page.setViewportSize(LAPTOP);
        note(`screenshots at ${LAPTOP.width}x${LAPTOP.height} and ${PHONE.width}x${PHONE.height} in ${shots}`);
    }

    await page.waitForSelector('#alerts-log li.alert-start .explain', { timeout: INTERVAL_WAIT_MS })
        .catch(() => fail('no alert start with an explain line in the log'));
    // Its start is a marker on the charts.
    await page.waitForFunction(() => Number(document.querySelector('#chart-bps').dataset.markers ?? 0) >= 1,
        null, { timeout: INTERVAL_WAIT_MS }).catch(() => fail('no alert marker on the chart'));
    const entry = await page.textContent('#alerts-log li.alert-start');
    note(`alert logged: ${entry}`);

    // The log survives a reload: the server keeps it. The start is two
    // intervals old by now, so only the history can bring it back.
    await page.waitForTimeout(2500);
    await page.reload();
    await page.locator('#dashboard').waitFor({ state: 'visible', timeout: INTERVAL_WAIT_MS });
    await page.waitForFunction((text) => [...document.querySelectorAll('#alerts-log li.alert-start')]
        .some((li) => li.textContent === text), entry, { timeout: 3000 })
        .catch(() => fail(`after a reload the log lacks "${entry}"`));
    const markers = await page.evaluate(() => document.querySelector('#chart-bps').dataset.markers);
    if (!(Number(markers) >= 1)) fail(`after a reload the chart has ${markers} alert markers`);
    note(`after a reload: the start is in the log, ${markers} marker(s) on the chart`);
    writeFileSync(option('--out'), JSON.stringify({ entry }));
}

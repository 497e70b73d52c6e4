// The dashboard's stylesheet, served at /admin/assets/admin.css: plain CSS, system fonts, no
// framework. Colours meet WCAG AA contrast on white.

export const ADMIN_CSS = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --accent: #0b5cad; --bad: #b42318; --ok: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
header.top { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header.top .brand { font-weight: 700; margin-right: 1rem; }
nav.main a { margin-right: .9rem; text-decoration: none; }
nav.main a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
header.top .who { margin-left: auto; color: var(--muted); display: flex; gap: .6rem; align-items: center; }
main { max-width: 1200px; margin: 0 auto; padding: 1.2rem; }
h1 { font-size: 1.5rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .6rem; }
section.card, .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
figure.chart { margin: 0 0 .6rem; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .8rem; margin-bottom: 1rem; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; }
.kpi .value { font-size: 1.6rem; font-weight: 700; }
.kpi .label { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .4rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
.muted { color: var(--muted); }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; border: 1px solid var(--line); background: var(--bg); }
.tag.urgent, .tag.failed, .tag.bounced, .tag.error { border-color: var(--bad); color: var(--bad); }
.tag.high, .tag.suppressed, .tag.skipped, .tag.draft { border-color: var(--warn); color: var(--warn); }
.tag.sent, .tag.delivered, .tag.resolved, .tag.ok { border-color: var(--ok); color: var(--ok); }
form.inline { display: inline; }
form.stack { display: grid; gap: .55rem; max-width: 36rem; }
label { font-weight: 600; font-size: .9rem; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=email], input[type=password], input[type=number], input[type=search], select, textarea { padding: .35rem .5rem; border: 1px solid #8c959f; border-radius: 4px; width: 100%; background: #fff; }
textarea { min-height: 6rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
button { padding: .35rem .8rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f0b429; outline-offset: 1px; }
.filters { display: flex; gap: .6rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
.filters > div { min-width: 9rem; }
.notice { padding: .6rem .8rem; border-radius: 4px; margin-bottom: 1rem; border: 1px solid var(--line); background: #fff; }
.notice.error { border-color: var(--bad); color: var(--bad); }
.notice.ok { border-color: var(--ok); color: var(--ok); }
.login { max-width: 24rem; margin: 4rem auto; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--bg); padding: .6rem; border-radius: 4px; font-size: .8rem; max-height: 24rem; overflow: auto; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .bar { fill: var(--accent); }
.chart .bar.alt, .chart .line.alt { fill: #b35c00; stroke: #b35c00; }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.chart .line.alt { fill: none; }
.chart .axis { stroke: var(--line); }
.chart text { font-size: 11px; fill: var(--muted); }
.legend { font-size: .85rem; color: var(--muted); }
.legend .swatch { display: inline-block; width: .8rem; height: .8rem; vertical-align: middle; margin-right: .25rem; background: var(--accent); }
.legend .swatch.alt { background: #b35c00; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.actions { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
.htmx-request button { opacity: .6; }
`;

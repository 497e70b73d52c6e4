// Single-event load with wrk (a C load generator) when it is installed: a Node client on the same
// 2 cores saturates before Herald does, so it would measure itself.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

const SCRIPT = (key: string) => `
local counter = 0
local thread_id = 0
function setup(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
function init(args) prefix = "w" .. tid .. "x" .. os.time() end
request = function()
  counter = counter + 1
  local body = string.format('{"id":"%s-%d","type":"shipment.updated","occurred_at":"%s","order_ref":"%s-o%d","shipment":{"carrier":"ups","tracking_number":"1Z%s%d","state":"in_transit","location":{"city":"Memphis","country":"US"}}}', prefix, counter, os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 60), prefix, math.floor(counter / 3), string.upper(prefix), counter)
  return wrk.format("POST", "/v1/events", {["Content-Type"]="application/json", ["Authorization"]="Bearer ${key}"}, body)
end
`;

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

export function runWrkSingle(url: string, key: string, seconds: number, connections: number): WrkResult {
  const script = join(mkdtempSync(join(tmpdir(), 'herald-wrk-')), 'single.lua');
  writeFileSync(script, SCRIPT(key));
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], { encoding: 'utf8' });
  const ms = (label: string) => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!match) return NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  return {
    requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50Ms: ms('50'),
    p99Ms: ms('99'),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
  };
}

// Resolve the configuration once at start into a frozen object that is passed explicitly.

import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.ts';
import { OPTIONS, type HeraldConfig, type OptionSpec } from './options.ts';

export interface ConfigSources {
  /** Flags as parsed by the CLI, keyed by flag name without dashes (camel or kebab). */
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** Contents of herald.config.yaml, when one exists. */
  yamlText: string | null;
  yamlPath?: string;
}

export function resolveConfig(sources: ConfigSources): HeraldConfig {
  const yaml = parseConfigFile(sources);
  const resolved: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec<unknown>][]) {
    const [origin, raw] = pick(spec, sources, yaml);
    if (raw === undefined) {
      resolved[name] = spec.default;
      continue;
    }
    const parsed = spec.schema.safeParse(raw === '' && spec.default === null ? null : raw);
    if (parsed.success) resolved[name] = parsed.data;
    else problems.push(`${origin}: ${parsed.error.issues.map((issue) => issue.message).join('; ')} (got ${JSON.stringify(raw)})`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`, { problems });
  return Object.freeze(resolved) as HeraldConfig;
}

/** The resolved configuration with secrets redacted, for `herald config print`. */
export function describeConfig(config: HeraldConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec<unknown>][]) {
    const value = (config as Record<string, unknown>)[name];
    out[spec.key] = spec.secret && typeof value === 'string' ? redact(value) : value;
  }
  return out;
}

function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '***';
  }
}

function pick(spec: OptionSpec<unknown>, sources: ConfigSources, yaml: Record<string, unknown>): [string, unknown] {
  if (spec.flag) {
    const camel = spec.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = sources.flags[camel] ?? sources.flags[spec.flag];
    if (value !== undefined) return [`--${spec.flag}`, value];
  }
  const fromEnv = sources.env[spec.env];
  if (fromEnv !== undefined) return [spec.env, fromEnv];
  if (spec.key in yaml) return [`${sources.yamlPath ?? 'herald.config.yaml'}: ${spec.key}`, yaml[spec.key]];
  return ['default', undefined];
}

function parseConfigFile(sources: ConfigSources): Record<string, unknown> {
  if (sources.yamlText === null) return {};
  const where = sources.yamlPath ?? 'herald.config.yaml';
  let parsed: unknown;
  try {
    parsed = parseYaml(sources.yamlText);
  } catch (error) {
    throw new ConfigError(`${where} is not valid YAML: ${(error as Error).message}`, { file: where });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${where} must be a mapping of option: value`);
  const known = new Set<string>(Object.values(OPTIONS).map((spec) => spec.key));
  const unknown = Object.keys(parsed).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new ConfigError(`${where}: unknown option(s) ${unknown.join(', ')}; known options are ${[...known].join(', ')}`, { unknown });
  }
  return parsed as Record<string, unknown>;
}

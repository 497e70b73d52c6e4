// Liquid templates (liquidjs): parsed once per distinct text and cached, rendered synchronously
// so that a send can render inside its transaction. Unknown filters are errors, not blank output.

import { Liquid, type Template } from 'liquidjs';
import type { TemplateRenderer } from '../../core/ports/templates.ts';

export function createLiquidRenderer(maxCached = 2_000): TemplateRenderer {
  const engine = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true });
  const cache = new Map<string, Template[]>();
  return {
    render(template, data) {
      let parsed = cache.get(template);
      if (!parsed) {
        parsed = engine.parse(template);
        if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
        cache.set(template, parsed);
      }
      return engine.renderSync(parsed, data) as string;
    },
  };
}

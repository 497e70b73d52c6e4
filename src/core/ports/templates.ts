// Merchant-editable text (Liquid) is rendered through this port, so core and app never depend
// on the template engine.

/** Renders one template with data. Throws a TemplateError-like Error naming the problem. */
export interface TemplateRenderer {
  render(template: string, data: Readonly<Record<string, unknown>>): string;
}

// Read API: orders with their parcels and timeline, one parcel, and carrier detection.

import { Hono } from 'hono';
import { getOrderView, getShipmentView } from '../../app/read-views.ts';
import { detectCarrier, normalizeTrackingNumber } from '../../core/carriers/detect-carrier.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';

export function readRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const store = deps.store;

  app.get('/v1/orders/:ref', async (c) => c.json(await getOrderView(store, c.get('storeId'), c.req.param('ref'))));

  app.get('/v1/shipments/:carrier/:trackingNumber', async (c) =>
    c.json(await getShipmentView(store, c.get('storeId'), c.req.param('carrier'), normalizeTrackingNumber(c.req.param('trackingNumber')))),
  );

  app.get('/v1/tracking-numbers/:number/carrier', (c) => {
    const detection = detectCarrier(c.req.param('number'));
    return c.json({
      tracking_number: detection.trackingNumber,
      carrier: detection.best?.carrier ?? null,
      ambiguous: detection.ambiguous,
      candidates: detection.candidates.map((candidate) => ({
        carrier: candidate.carrier,
        carrier_name: candidate.carrierName,
        format: candidate.formatId,
        checksum: candidate.checksum,
        confidence: candidate.confidence,
        tracking_url: candidate.trackingUrl,
        details: candidate.details,
      })),
    });
  });

  return app;
}

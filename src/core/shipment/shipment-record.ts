// A parcel as Herald stores it: identity, carrier and the folded truth of its events.

import type { ShipmentTruth } from './shipment-truth.ts';

export interface ShipmentRecord {
  id: string;
  storeId: string;
  /** Normalized (upper case, no spaces). Unique per store; carriers do not reuse live numbers. */
  trackingNumber: string;
  carrier: string | null;
  /** Carriers the number could belong to when it was detected rather than given. */
  carrierCandidates: string[];
  carrierAmbiguous: boolean;
  orderRef: string | null;
  truth: ShipmentTruth;
  createdAt: string;
  updatedAt: string;
}

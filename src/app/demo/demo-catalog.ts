// The demo shop's fixed data: who buys (names, towns and languages per country), what they buy,
// and how the parcels travel. Plain data, read by the week's plan.

import type { DemoCarrier } from './demo-tracking-numbers.ts';

export interface DemoCountry {
  code: string;
  name: string;
  locales: readonly string[];
  /** Carriers the shop uses to this country, with weights. */
  carriers: readonly (readonly [DemoCarrier, number])[];
  /** Days from first scan to the delivery day. */
  transitDays: readonly [number, number];
  towns: readonly (readonly [city: string, region: string, zip: string])[];
  firstNames: readonly string[];
  lastNames: readonly string[];
  phonePrefix: string;
  /** Local time minus UTC, in hours (standard time). */
  utcOffsetHours: number;
}

/** The shop ships from the United States; everything else is international (customs). */
export const SHOP_COUNTRY = 'US';
export const SHOP_NAME = 'Northwind Outfitters';
export const SHOP_DOMAIN = 'northwind-outfitters.myshopify.com';

/** Where the parcels leave from: the shop's warehouse. */
export const ORIGIN = { city: 'Columbus', region: 'OH', zip: '43215', country: 'US' } as const;

export const COUNTRIES: readonly (readonly [DemoCountry, number])[] = [
  [
    {
      code: 'US',
      name: 'United States',
      locales: ['en-US', 'en-US', 'en-US', 'es-US'],
      carriers: [['ups', 4], ['usps', 4], ['fedex', 3]],
      transitDays: [2, 4],
      towns: [
        ['Brooklyn', 'NY', '11201'], ['Austin', 'TX', '78701'], ['Portland', 'OR', '97205'], ['Denver', 'CO', '80202'], ['Chicago', 'IL', '60614'],
        ['Atlanta', 'GA', '30308'], ['Seattle', 'WA', '98101'], ['Miami', 'FL', '33131'], ['Boston', 'MA', '02116'], ['Phoenix', 'AZ', '85004'],
        ['Nashville', 'TN', '37203'], ['San Diego', 'CA', '92101'], ['Minneapolis', 'MN', '55401'], ['Raleigh', 'NC', '27601'],
      ],
      firstNames: ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'James', 'Harper', 'Elijah', 'Camila', 'Mateo'],
      lastNames: ['Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Lee', 'Walker', 'Hall', 'Young', 'King', 'Wright'],
      phonePrefix: '+1555',
      utcOffsetHours: -6,
    },
    72,
  ],
  [
    {
      code: 'CA',
      name: 'Canada',
      locales: ['en-CA', 'fr-CA'],
      carriers: [['ups', 3], ['dhl', 1]],
      transitDays: [3, 5],
      towns: [['Toronto', 'ON', 'M5V 2T6'], ['Montréal', 'QC', 'H3B 1K9'], ['Vancouver', 'BC', 'V6B 1A1'], ['Calgary', 'AB', 'T2P 1J9']],
      firstNames: ['Camille', 'Olivia', 'Félix', 'Chloé', 'Benjamin', 'Léa', 'William'],
      lastNames: ['Tremblay', 'Roy', 'Gagnon', 'Smith', 'Côté', 'Wilson', 'Bouchard'],
      phonePrefix: '+1514555',
      utcOffsetHours: -5,
    },
    8,
  ],
  [
    {
      code: 'DE',
      name: 'Germany',
      locales: ['de-DE'],
      carriers: [['dhl', 1]],
      transitDays: [4, 6],
      towns: [['Berlin', 'BE', '10115'], ['München', 'BY', '80331'], ['Hamburg', 'HH', '20095'], ['Köln', 'NW', '50667']],
      firstNames: ['Jonas', 'Lena', 'Felix', 'Mia', 'Lukas', 'Hannah', 'Paul'],
      lastNames: ['Müller', 'Schmidt', 'Keller', 'Wagner', 'Becker', 'Hoffmann'],
      phonePrefix: '+49151',
      utcOffsetHours: 1,
    },
    8,
  ],
  [
    {
      code: 'FR',
      name: 'France',
      locales: ['fr-FR'],
      carriers: [['dhl', 2], ['ups', 1]],
      transitDays: [4, 6],
      towns: [['Paris', '75', '75003'], ['Lyon', '69', '69002'], ['Bordeaux', '33', '33000'], ['Nantes', '44', '44000']],
      firstNames: ['Camille', 'Hugo', 'Manon', 'Louis', 'Inès', 'Jules'],
      lastNames: ['Martin', 'Bernard', 'Dubois', 'Laurent', 'Moreau', 'Lefèvre'],
      phonePrefix: '+33612',
      utcOffsetHours: 1,
    },
    6,
  ],
  [
    {
      code: 'ES',
      name: 'Spain',
      locales: ['es-ES'],
      carriers: [['dhl', 1]],
      transitDays: [4, 6],
      towns: [['Madrid', 'M', '28013'], ['Barcelona', 'B', '08002'], ['Valencia', 'V', '46002'], ['Sevilla', 'SE', '41001']],
      firstNames: ['Lucía', 'Pablo', 'Martina', 'Hugo', 'Sofía', 'Daniel'],
      lastNames: ['García', 'Fernández', 'López', 'Sánchez', 'Romero', 'Navarro'],
      phonePrefix: '+34612',
      utcOffsetHours: 1,
    },
    6,
  ],
];

export interface DemoProduct {
  sku: string;
  title: string;
  price: number;
}

export const PRODUCTS: readonly DemoProduct[] = [
  { sku: 'NW-RJ-01', title: 'Storm Rain Jacket', price: 189 },
  { sku: 'NW-FL-02', title: 'Merino Fleece Pullover', price: 129 },
  { sku: 'NW-BT-03', title: 'Trail Hiking Boots', price: 215 },
  { sku: 'NW-SC-04', title: 'Merino Wool Scarf', price: 65 },
  { sku: 'NW-BP-05', title: 'Daypack 28L', price: 98 },
  { sku: 'NW-SK-06', title: 'Hiking Socks (3 pairs)', price: 32 },
  { sku: 'NW-BE-07', title: 'Knit Beanie', price: 28 },
  { sku: 'NW-TT-08', title: 'Ultralight Tent 2P', price: 449 },
  { sku: 'NW-SB-09', title: 'Down Sleeping Bag', price: 379 },
  { sku: 'NW-TH-10', title: 'Insulated Bottle 1L', price: 39 },
  { sku: 'NW-GL-11', title: 'Softshell Gloves', price: 45 },
  { sku: 'NW-PA-12', title: 'Down Parka', price: 620 },
];

/** Hub scans on the way, per carrier: what the carrier's feed says between pickup and delivery. */
export const HUBS: Readonly<Record<DemoCarrier, readonly (readonly [city: string, region: string, country: string])[]>> = {
  ups: [['Louisville', 'KY', 'US'], ['Hodgkins', 'IL', 'US'], ['Dallas', 'TX', 'US'], ['Secaucus', 'NJ', 'US']],
  usps: [['Columbus', 'OH', 'US'], ['Indianapolis', 'IN', 'US'], ['Kearny', 'NJ', 'US'], ['Memphis', 'TN', 'US']],
  fedex: [['Memphis', 'TN', 'US'], ['Indianapolis', 'IN', 'US'], ['Newark', 'NJ', 'US'], ['Fort Worth', 'TX', 'US']],
  dhl: [['Cincinnati', 'KY', 'US'], ['Leipzig', 'SN', 'DE'], ['East Midlands', 'LE', 'GB'], ['Brussels', 'BRU', 'BE']],
};

/** Shopify's tracking company names. */
export const CARRIER_NAMES: Readonly<Record<DemoCarrier, string>> = { ups: 'UPS', usps: 'USPS', fedex: 'FedEx', dhl: 'DHL' };

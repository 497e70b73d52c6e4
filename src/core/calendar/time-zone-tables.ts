// Which IANA zone a shipping destination lives in. Coarse on purpose: the zone only decides where
// a local day starts and ends for a stall clock or quiet hours, so a county on the wrong side of
// a zone line costs an hour, and a table of every county would cost far more to keep right.

/** Countries with one zone, or whose other zones hold few shoppers (Spain's Canaries excepted below). */
export const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  AE: 'Asia/Dubai', AR: 'America/Argentina/Buenos_Aires', AT: 'Europe/Vienna', BD: 'Asia/Dhaka',
  BE: 'Europe/Brussels', BG: 'Europe/Sofia', CH: 'Europe/Zurich', CL: 'America/Santiago',
  CN: 'Asia/Shanghai', CO: 'America/Bogota', CY: 'Asia/Nicosia', CZ: 'Europe/Prague',
  DE: 'Europe/Berlin', DK: 'Europe/Copenhagen', EE: 'Europe/Tallinn', EG: 'Africa/Cairo',
  ES: 'Europe/Madrid', FI: 'Europe/Helsinki', FR: 'Europe/Paris', GB: 'Europe/London',
  GR: 'Europe/Athens', HK: 'Asia/Hong_Kong', HR: 'Europe/Zagreb', HU: 'Europe/Budapest',
  ID: 'Asia/Jakarta', IE: 'Europe/Dublin', IL: 'Asia/Jerusalem', IN: 'Asia/Kolkata',
  IS: 'Atlantic/Reykjavik', IT: 'Europe/Rome', JP: 'Asia/Tokyo', KE: 'Africa/Nairobi',
  KR: 'Asia/Seoul', LT: 'Europe/Vilnius', LU: 'Europe/Luxembourg', LV: 'Europe/Riga',
  MA: 'Africa/Casablanca', MT: 'Europe/Malta', MY: 'Asia/Kuala_Lumpur', NG: 'Africa/Lagos',
  NL: 'Europe/Amsterdam', NO: 'Europe/Oslo', NZ: 'Pacific/Auckland', PE: 'America/Lima',
  PH: 'Asia/Manila', PK: 'Asia/Karachi', PL: 'Europe/Warsaw', PR: 'America/Puerto_Rico',
  PT: 'Europe/Lisbon', RO: 'Europe/Bucharest', RS: 'Europe/Belgrade', SA: 'Asia/Riyadh',
  SE: 'Europe/Stockholm', SG: 'Asia/Singapore', SI: 'Europe/Ljubljana', SK: 'Europe/Bratislava',
  TH: 'Asia/Bangkok', TR: 'Europe/Istanbul', TW: 'Asia/Taipei', UA: 'Europe/Kyiv',
  VN: 'Asia/Ho_Chi_Minh', ZA: 'Africa/Johannesburg',
  // Multi-zone countries without a usable region fall back to the zone most shoppers live in.
  US: 'America/New_York', CA: 'America/Toronto', AU: 'Australia/Sydney', BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City', RU: 'Europe/Moscow',
};

const EASTERN = 'America/New_York';
const CENTRAL = 'America/Chicago';
const MOUNTAIN = 'America/Denver';
const PACIFIC = 'America/Los_Angeles';

/** US states, DC and territories (USPS codes) by the zone most of their people live in. */
export const US_STATE_ZONES: Readonly<Record<string, string>> = {
  AL: CENTRAL, AK: 'America/Anchorage', AZ: 'America/Phoenix', AR: CENTRAL, CA: PACIFIC,
  CO: MOUNTAIN, CT: EASTERN, DE: EASTERN, DC: EASTERN, FL: EASTERN, GA: EASTERN,
  HI: 'Pacific/Honolulu', ID: 'America/Boise', IL: CENTRAL, IN: 'America/Indiana/Indianapolis',
  IA: CENTRAL, KS: CENTRAL, KY: EASTERN, LA: CENTRAL, ME: EASTERN, MD: EASTERN, MA: EASTERN,
  MI: 'America/Detroit', MN: CENTRAL, MS: CENTRAL, MO: CENTRAL, MT: MOUNTAIN, NE: CENTRAL,
  NV: PACIFIC, NH: EASTERN, NJ: EASTERN, NM: MOUNTAIN, NY: EASTERN, NC: EASTERN, ND: CENTRAL,
  OH: EASTERN, OK: CENTRAL, OR: PACIFIC, PA: EASTERN, RI: EASTERN, SC: EASTERN, SD: CENTRAL,
  TN: CENTRAL, TX: CENTRAL, UT: MOUNTAIN, VT: EASTERN, VA: EASTERN, WA: PACIFIC, WV: EASTERN,
  WI: CENTRAL, WY: MOUNTAIN,
  PR: 'America/Puerto_Rico', VI: 'America/St_Thomas', GU: 'Pacific/Guam', MP: 'Pacific/Saipan',
  AS: 'Pacific/Pago_Pago',
};

/** Full US state names, lower case, for sources that send names instead of codes. */
export const US_STATE_NAMES: Readonly<Record<string, string>> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO',
  connecticut: 'CT', delaware: 'DE', 'district of columbia': 'DC', florida: 'FL', georgia: 'GA',
  hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS',
  kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD', massachusetts: 'MA',
  michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT',
  nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM',
  'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK',
  oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC',
  'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA',
  washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'puerto rico': 'PR',
  guam: 'GU',
};

/**
 * ZIP3 ranges (inclusive upper bound, ascending) where the zone changes; a prefix takes the zone
 * of the first range whose bound is at or above it. Military (APO/FPO) prefixes map to UTC.
 */
export const US_ZIP3_ZONES: readonly (readonly [number, string])[] = [
  [5, EASTERN], [7, 'America/Puerto_Rico'], [8, 'America/St_Thomas'], [9, 'America/Puerto_Rico'],
  [89, EASTERN], [99, 'UTC'], [323, EASTERN], [325, CENTRAL], [339, EASTERN], [340, 'UTC'],
  [349, EASTERN], [372, CENTRAL], [374, EASTERN], [375, CENTRAL], [379, EASTERN], [397, CENTRAL],
  [419, EASTERN], [424, CENTRAL], [459, EASTERN], [462, 'America/Indiana/Indianapolis'],
  [464, CENTRAL], [475, 'America/Indiana/Indianapolis'], [477, CENTRAL],
  [479, 'America/Indiana/Indianapolis'], [499, 'America/Detroit'], [576, CENTRAL], [577, MOUNTAIN],
  [585, CENTRAL], [586, MOUNTAIN], [588, CENTRAL], [599, MOUNTAIN], [692, CENTRAL], [693, MOUNTAIN],
  [797, CENTRAL], [831, MOUNTAIN], [837, 'America/Boise'],
  [838, PACIFIC], [847, MOUNTAIN], [865, 'America/Phoenix'], [885, MOUNTAIN], [961, PACIFIC],
  [966, 'UTC'], [968, 'Pacific/Honolulu'], [969, 'Pacific/Guam'], [978, PACIFIC],
  [979, 'America/Boise'], [994, PACIFIC], [999, 'America/Anchorage'],
];

/** Region codes (ISO 3166-2 subdivision or the usual postal abbreviation) for the other multi-zone countries. */
export const REGION_ZONES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CA: {
    BC: 'America/Vancouver', AB: 'America/Edmonton', SK: 'America/Regina', MB: 'America/Winnipeg',
    ON: 'America/Toronto', QC: 'America/Toronto', NB: 'America/Moncton', NS: 'America/Halifax',
    PE: 'America/Halifax', NL: 'America/St_Johns', YT: 'America/Whitehorse', NT: 'America/Edmonton',
    NU: 'America/Iqaluit',
  },
  AU: {
    NSW: 'Australia/Sydney', ACT: 'Australia/Sydney', VIC: 'Australia/Melbourne',
    QLD: 'Australia/Brisbane', SA: 'Australia/Adelaide', WA: 'Australia/Perth',
    TAS: 'Australia/Hobart', NT: 'Australia/Darwin',
  },
  BR: {
    AC: 'America/Rio_Branco', AM: 'America/Manaus', RR: 'America/Boa_Vista', RO: 'America/Porto_Velho',
    MT: 'America/Cuiaba', MS: 'America/Campo_Grande', PA: 'America/Belem', AP: 'America/Belem',
    CE: 'America/Fortaleza', MA: 'America/Fortaleza', PI: 'America/Fortaleza', RN: 'America/Fortaleza',
    PE: 'America/Recife', PB: 'America/Recife', AL: 'America/Maceio', SE: 'America/Maceio',
    BA: 'America/Bahia', TO: 'America/Araguaina',
  },
  MX: {
    BC: 'America/Tijuana', BCN: 'America/Tijuana', BCS: 'America/Mazatlan', SIN: 'America/Mazatlan',
    NAY: 'America/Mazatlan', SON: 'America/Hermosillo', CHH: 'America/Chihuahua',
    CHIH: 'America/Chihuahua', ROO: 'America/Cancun', QROO: 'America/Cancun',
  },
  RU: {
    KGD: 'Europe/Kaliningrad', SAM: 'Europe/Samara', UD: 'Europe/Samara', SVE: 'Asia/Yekaterinburg',
    CHE: 'Asia/Yekaterinburg', TYU: 'Asia/Yekaterinburg', BA: 'Asia/Yekaterinburg',
    PER: 'Asia/Yekaterinburg', ORE: 'Asia/Yekaterinburg', KHM: 'Asia/Yekaterinburg',
    YAN: 'Asia/Yekaterinburg', OMS: 'Asia/Omsk', NVS: 'Asia/Novosibirsk', TOM: 'Asia/Tomsk',
    KEM: 'Asia/Novokuznetsk', ALT: 'Asia/Barnaul', KYA: 'Asia/Krasnoyarsk', IRK: 'Asia/Irkutsk',
    BU: 'Asia/Irkutsk', ZAB: 'Asia/Chita', AMU: 'Asia/Yakutsk', SA: 'Asia/Yakutsk',
    PRI: 'Asia/Vladivostok', KHA: 'Asia/Vladivostok', SAK: 'Asia/Sakhalin', MAG: 'Asia/Magadan',
    KAM: 'Asia/Kamchatka', CHU: 'Asia/Anadyr',
  },
  ES: { CN: 'Atlantic/Canary', GC: 'Atlantic/Canary', TF: 'Atlantic/Canary' },
  PT: { '20': 'Atlantic/Azores' },
};

/** Region names, lower case, mapped to the codes above. */
export const REGION_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CA: {
    'british columbia': 'BC', alberta: 'AB', saskatchewan: 'SK', manitoba: 'MB', ontario: 'ON',
    quebec: 'QC', 'québec': 'QC', 'new brunswick': 'NB', 'nova scotia': 'NS',
    'prince edward island': 'PE', 'newfoundland and labrador': 'NL', newfoundland: 'NL',
    yukon: 'YT', 'northwest territories': 'NT', nunavut: 'NU',
  },
  AU: {
    'new south wales': 'NSW', 'australian capital territory': 'ACT', victoria: 'VIC',
    queensland: 'QLD', 'south australia': 'SA', 'western australia': 'WA', tasmania: 'TAS',
    'northern territory': 'NT',
  },
  MX: {
    'baja california': 'BC', 'baja california sur': 'BCS', sinaloa: 'SIN', nayarit: 'NAY',
    sonora: 'SON', chihuahua: 'CHH', 'quintana roo': 'ROO',
  },
  ES: { 'las palmas': 'GC', 'santa cruz de tenerife': 'TF', canarias: 'CN', 'canary islands': 'CN' },
  PT: { 'açores': '20', azores: '20' },
};

/** Canadian postal codes: the first letter names the province. */
export const CA_POSTAL_PROVINCES: Readonly<Record<string, string>> = {
  A: 'NL', B: 'NS', C: 'PE', E: 'NB', G: 'QC', H: 'QC', J: 'QC', K: 'ON', L: 'ON', M: 'ON',
  N: 'ON', P: 'ON', R: 'MB', S: 'SK', T: 'AB', V: 'BC', X: 'NT', Y: 'YT',
};

/** Australian postcodes by leading digit (08xx and 09xx are the Northern Territory). */
export const AU_POSTCODE_STATES: Readonly<Record<string, string>> = {
  '0': 'NT', '1': 'NSW', '2': 'NSW', '3': 'VIC', '4': 'QLD', '5': 'SA', '6': 'WA', '7': 'TAS',
  '8': 'VIC', '9': 'QLD',
};

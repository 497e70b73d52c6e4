// English words of the tracking page; the other languages follow this shape (messages.ts).

import type { ShipmentReason } from '../../core/vocabulary/shipment-reasons.ts';
import type { ShipmentState } from '../../core/vocabulary/shipment-states.ts';
import type { JourneyStep, SelfServiceAction } from '../../app/tracking-page.ts';
import type { FieldProblem } from '../../app/self-service.ts';

export interface TrackingMessages {
  layout: { skip: string; languages: string; help: string };
  title: string;
  greeting: string;
  greetingNoName: string;
  orderNumber: string;
  deliveringTo: string;
  cancelled: string;
  preparing: string;
  parcelOf: string;
  carrier: string;
  trackingNumber: string;
  journey: string;
  steps: Record<JourneyStep, string>;
  pickupStep: string;
  states: Record<ShipmentState, string>;
  reasons: Record<ShipmentReason, string>;
  advice: Partial<Record<ShipmentReason, string>> & { merchant: string; carrier: string; unknown: string };
  eta: string;
  delivered: string;
  lastScan: string;
  inPlace: string;
  whatYouCanDo: string;
  actions: Record<SelfServiceAction, { title: string; submit: string }>;
  fields: Record<string, string>;
  choices: Record<string, string>;
  hints: Record<string, string>;
  problems: Record<FieldProblem, string>;
  errorSummary: string;
  done: Record<SelfServiceAction, string>;
  forbidden: string;
  notFoundTitle: string;
  notFoundText: string;
  lookupLink: string;
  lookupTitle: string;
  lookupIntro: string;
  lookupNumber: string;
  lookupContact: string;
  lookupContactHint: string;
  lookupSubmit: string;
  lookupRefused: string;
  tooManyTitle: string;
  tooManyText: string;
}

export const EN: TrackingMessages = {
  layout: { skip: 'Skip to content', languages: 'Language', help: 'Help and contact' },
  title: 'Track your order',
  greeting: 'Hello {name}, here is where your order is',
  greetingNoName: 'Here is where your order is',
  orderNumber: 'Order',
  deliveringTo: 'Delivering to',
  cancelled: 'This order was cancelled.',
  preparing: 'We are preparing your order. You will see the parcel here as soon as it ships.',
  parcelOf: 'Parcel {n} of {total}',
  carrier: 'Carrier',
  trackingNumber: 'Tracking number',
  journey: 'Journey',
  steps: { ordered: 'Ordered', shipped: 'Shipped', in_transit: 'On its way', out_for_delivery: 'Out for delivery', delivered: 'Delivered' },
  pickupStep: 'Ready to collect',
  states: {
    pending: 'Your parcel is ready to ship',
    label_created: 'Your parcel is packed and waiting for the carrier',
    in_transit: 'Your parcel is on its way',
    out_for_delivery: 'Your parcel is out for delivery today',
    available_for_pickup: 'Your parcel is ready to collect at the pickup point',
    delivery_attempted: 'The carrier tried to deliver your parcel',
    exception: 'Your parcel is delayed',
    returning_to_sender: 'Your parcel is on its way back to us',
    returned_to_sender: 'Your parcel came back to us',
    delivered: 'Your parcel was delivered',
    cancelled: 'This shipment was cancelled',
    expired: 'The carrier stopped updating the tracking',
    unknown: 'We are waiting for news from the carrier',
  },
  reasons: {
    address_issue: 'The carrier could not match the address.',
    recipient_unavailable: 'Nobody was available to receive the parcel.',
    refused: 'The parcel was refused at the door.',
    access_restricted: 'The carrier could not get to the delivery location.',
    payment_required: 'Duties or fees must be paid before delivery.',
    unclaimed: 'The parcel was not collected in time.',
    customs_documentation: 'Customs needs documents from us.',
    rejected_by_carrier: 'The carrier could not accept the parcel.',
    information_required: 'The carrier needs information from us.',
    customs_delay: 'The parcel is held up in customs.',
    carrier_delay: 'The carrier is running late.',
    weather_delay: 'Bad weather is slowing deliveries down.',
    held_at_facility: 'The parcel is held at a carrier depot.',
    security_hold: 'The parcel is held for a security check.',
    damaged: 'The parcel was damaged on the way.',
    lost: 'The carrier has lost track of the parcel.',
    disposed: 'The carrier could not keep the parcel.',
    undeliverable: 'The carrier cannot deliver the parcel.',
    contact_carrier: 'The carrier asks to be contacted.',
    invalid_tracking_number: 'The carrier does not know this tracking number yet.',
    other: 'Something held the parcel up.',
  },
  advice: {
    address_issue: 'Please check your address below and correct it if needed. We will pass it on to the carrier.',
    recipient_unavailable: 'Leave delivery instructions below (a safe place or a neighbour) so the next try works.',
    refused: 'If this was a mistake, report a problem below and we will sort it out.',
    access_restricted: 'Tell us how the carrier can get in (door code, gate, entrance) in the delivery instructions below.',
    payment_required: 'Follow the carrier\u2019s notice to pay the fees, or report a problem below if you did not expect them.',
    unclaimed: 'Collect the parcel soon, or tell us below if you cannot.',
    merchant: 'We are on it: nothing is needed from you.',
    carrier: 'The carrier is working on it. If nothing changes within two days, report a problem below.',
    unknown: 'We are looking into it. Report a problem below if you need help now.',
  },
  eta: 'Expected delivery',
  delivered: 'Delivered',
  lastScan: 'Last update',
  inPlace: 'in {place}',
  whatYouCanDo: 'What you can do',
  actions: {
    address: { title: 'Confirm or correct your address', submit: 'Send address' },
    instructions: { title: 'Leave delivery instructions', submit: 'Send instructions' },
    problem: { title: 'Report a problem', submit: 'Report the problem' },
    refund: { title: 'Ask for a refund', submit: 'Ask for a refund' },
    reship: { title: 'Ask us to send it again', submit: 'Ask to send it again' },
  },
  fields: {
    choice: 'Your address',
    line1: 'Street and house number',
    line2: 'Apartment, floor, company (optional)',
    postal_code: 'Postal code',
    city: 'City',
    instructions: 'Delivery instructions',
    kind: 'What happened?',
    details: 'Details (optional)',
    note: 'Anything we should know? (optional)',
  },
  choices: { confirm: 'My address is correct', correct: 'I want to correct my address', not_arrived: 'My parcel has not arrived', damaged: 'My parcel arrived damaged' },
  hints: { instructions: 'For example: leave it with the neighbour at number 12.' },
  problems: {
    required: 'Please fill in this field.',
    too_long: 'Please use at most {limit} characters.',
    too_short: 'Please use at least {limit} characters.',
    invalid_choice: 'Please choose one of the options.',
  },
  errorSummary: 'Please check the fields marked below.',
  done: {
    address: 'Thank you. We have your address and will pass it on to the carrier.',
    instructions: 'Thank you. We will pass your delivery instructions on to the carrier.',
    problem: 'Thank you for telling us. Our support team will get back to you.',
    refund: 'Thank you. Our support team will look at your refund request.',
    reship: 'Thank you. Our support team will look at sending your parcel again.',
  },
  forbidden: 'This form has expired. Please try again.',
  notFoundTitle: 'We could not find this order',
  notFoundText: 'The link may be incomplete. Copy it again from your email, or look up your order with its number.',
  lookupLink: 'Look up an order',
  lookupTitle: 'Find your order',
  lookupIntro: 'Enter your order number and the email address or postal code you ordered with.',
  lookupNumber: 'Order number',
  lookupContact: 'Email address or postal code',
  lookupContactHint: 'The one you used when you ordered.',
  lookupSubmit: 'Find my order',
  lookupRefused: 'We could not find an order with these details. Please check them and try again.',
  tooManyTitle: 'Too many tries',
  tooManyText: 'Please wait a minute and try again.',
};

import type { Messages } from './zh-CN.js';

/** English, switched to with the visible language button. */
export const en: Messages = {
  app: { title: 'Government Self-service Kiosk' },
  common: {
    back: 'Back',
    home: 'Home',
    continue: 'Continue',
    done: 'Done',
    cancel: 'Cancel',
    retry: 'Try again',
    language: '中文',
    languageLabel: 'Switch language to Chinese',
    secondsLeft: '{{count}} s',
    timeLeft: '{{count}} s left',
  },
  attract: {
    touchToStart: 'Touch the screen to start',
    subtitle: 'Self-service 24 hours a day · no queue',
    canDo: 'What you can do here',
  },
  home: {
    title: 'Choose a service',
    hint: 'Tap a service below to start',
  },
  services: {
    'id-check': { name: 'ID card check', desc: 'Read your ID card and check your details' },
  },
  identify: {
    title: 'Place your ID card',
    instruction: 'Lay your ID card flat on the reader and keep it still',
    reading: 'Reading, please wait…',
    success: 'Card read',
    name: 'Name',
    idNumber: 'ID number',
    cardType: 'Card type',
    cardTypes: {
      resident: 'Resident ID card',
      'hmt-residence': 'HK/Macao/Taiwan residence permit',
      'foreign-permanent-2017': 'Foreign permanent resident ID card',
      'foreign-permanent-2023': 'Foreign permanent resident ID card (2023)',
    },
    warnings: { 'id-check-digit': 'The ID number failed its check; please ask at a staffed window' },
    takeCard: 'Please take your ID card',
    timeout: 'No ID card was detected. Check that the card lies flat on the reader and try again.',
    failed: 'The card could not be read: {{message}}. Place it again, or ask at a staffed window.',
    offline: 'The card reader is not available. Please ask at a staffed window.',
  },
  idle: {
    title: 'Are you still there?',
    body: 'To protect your details, the kiosk returns to the start in {{count}} seconds.',
    continue: 'Continue',
  },
  connection: {
    lost: 'Connecting to the kiosk service…',
    lostBody: 'Please wait while the system recovers.',
  },
  dev: {
    title: 'Developer panel (simulated devices)',
    cards: 'Simulated ID cards',
    place: 'Place',
    remove: 'Remove card',
    scan: 'Simulate a scan',
    printer: 'Simulated printer',
    paperOk: 'Paper OK',
    paperNear: 'Paper low',
    paperOut: 'Paper out',
    coverOpen: 'Cover open',
    close: 'Close',
    devices: 'Devices',
  },
  device: { offline: 'offline', ready: 'ready', busy: 'busy', error: 'error' },
};

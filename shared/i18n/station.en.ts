import type { StationMessages } from './station';

/** The shared desk (idle lock, notifications) and the bank connection screen, in English. */
export const stationEn: StationMessages = {
  station: {
    lock: {
      title: 'Screen locked',
      explain:
        'The session of {{name}} ({{username}}) is still open, but the screen is locked (after {{minutes}} minutes without input, or by hand). Unsaved drafts are kept.',
      password: 'Password',
      unlock: 'Unlock',
      unlocking: 'Checking…',
      signOut: 'Sign out',
      attemptsLeft: 'Wrong password. {{count}} more attempts, then you will be signed out.',
      signedOut: 'Too many wrong passwords: you have been signed out.',
      lockNow: 'Lock screen',
    },
    connection: {
      title: 'The bank system cannot be reached',
      unreachable:
        'The workstation cannot reach the bank system ({{url}}). Check the network or call IT support, then retry.',
      certificate:
        'The bank system’s certificate did not pass the check ({{url}}), so no connection was made. Ask IT support to check the certificate or this machine’s CA settings.',
      config:
        'This machine’s bank network settings are wrong; the workstation will not use an insecure substitute. An administrator must fix this:',
      configFile: 'Config file: {{path}}',
      details: 'Technical details',
      retry: 'Retry',
    },
    notifications: {
      label: 'Desktop notifications',
      explain:
        'A system notification when a new case enters my lanes, a case falls due soon, or a case is returned to me (for me only; off by default).',
      on: 'On',
      off: 'Off',
      webOnly: 'Browser mode has no system notifications.',
      lane: { instant: 'instant', fast: 'fast', standard: 'standard', committee: 'committee' },
      newCase: { title: 'New case', body: 'Case {{id}} entered the {{lane}} lane.' },
      dueSoon: { title: 'Case due soon', body: 'Case {{id}} ({{lane}} lane) is about to pass its deadline.' },
      returned: { title: 'Case returned', body: 'Case {{id}} was returned to you for material.' },
      more: { title: 'More alerts', body: '{{count}} more alerts: see the workstation.' },
    },
  },
};

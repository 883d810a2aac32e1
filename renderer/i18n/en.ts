import type { Messages } from './zh-CN';

export const en: Messages = {
  app: { title: 'SME Credit Workstation', subtitle: 'Approval · Contracts · Risk' },
  language: { label: 'Language', 'zh-CN': '简体中文', en: 'English' },
  login: {
    heading: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    sandboxHint: 'Sandbox demo accounts: approver1, senior1, contract1, supervisor1 …, password demo-pass',
  },
  nav: { label: 'Main navigation', home: 'Home', queue: 'Approval queue', compare: 'Compare', contracts: 'Contracts', dashboards: 'Risk dashboards' },
  frame: { signedInAs: 'Signed in as', branch: 'Branch', roles: 'Roles', logout: 'Sign out', loggingOut: 'Signing out…' },
  roles: {
    approver: 'Approver',
    senior_approver: 'Senior approver',
    committee: 'Committee member',
    contract_officer: 'Contract officer',
    supervisor: 'Supervisor',
    relationship_manager: 'Relationship manager',
  },
  home: {
    welcome: 'Hello, {{name}}',
    authorityHeading: 'Approval authority (maximum single amount per risk grade)',
    grade: 'Risk grade',
    maxAmount: 'Maximum (CNY)',
    noAuthority: 'Your role has no approval authority.',
    sessionUntil: 'Signed in until {{time}}',
  },
  placeholder: { comingSoon: '{{area}} is being built.' },
  errors: {
    invalid_credentials: 'The username or password is wrong.',
    rate_limited: 'Too many attempts; please wait and try again.',
    unauthorized: 'Your session has ended; please sign in again.',
    auth_not_signed_in: 'Please sign in first.',
    bank_unreachable: 'The bank system cannot be reached; check the network and retry.',
    workstation_unreachable: 'The workstation service cannot be reached.',
    validation_failed: 'Invalid input: {{message}}',
    ipc_invalid_request: 'Invalid input: {{message}}',
    generic: 'The action failed: {{message}}',
  },
};

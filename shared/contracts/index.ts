export * from './civil-code.js';
export * from './clauses.js';
export * from './data.js';
export * from './engine.js';
export * from './library.js';
export * from './lpr-fixing.js';
export * from './templates.js';
export * from './variables.js';

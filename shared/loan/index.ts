export * from './irr';
export * from './quote';
export * from './schedule';

export * from './business-calendar';
export * from './civil-date';
export { ADJUSTED_WORKING_DAYS, CALENDAR_VERSION, HOLIDAY_RANGES, PROVISIONAL_YEARS } from './holidays';

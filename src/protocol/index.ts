export * from './config.ts';
export * from './dsl.ts';
export * from './engagement.ts';
export * from './event.ts';
export * from './ids.ts';
export * from './ingest.ts';
export * from './notification.ts';
export * from './visit.ts';

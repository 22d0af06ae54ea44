export * from './webhookSecret';
export * from './signWebhook';
export * from './verifyWebhook';

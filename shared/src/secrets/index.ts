export * from './SecretBox';

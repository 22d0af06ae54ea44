export * from './RoleConfig';
export * from './auditRole';
export * from './notificationsRole';
export * from './sagasRole';
export * from './openRoleOrm';
export * from './careRole';
export * from './billingRole';
export * from './webhooksRole';

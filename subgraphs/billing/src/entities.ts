import { Bill } from './bills/Bill.entity';
import { Payment } from './payments/Payment.entity';

export { billingMigrations } from './migrations';

/** Every entity the billing schema owns (the outbox is added by createOrm). */
export const billingEntities = [Bill, Payment];

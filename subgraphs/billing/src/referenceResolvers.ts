import { isUuid, requireUser, type ReferenceResolver } from '@caregraph/shared';
import type { Appointment } from './appointments/Appointment';
import type { Bill } from './bills/Bill.entity';
import type { BillingContext } from './common/BillingContext';

/**
 * `_entities` lookups. Bill is batched through the request's loader and authorised by circle
 * membership (the gateway resolves subscription events through `_entities` with the
 * subscriber's token); an unknown or malformed id resolves to null.
 */
async function resolveBill(reference: { id: string }, ctx: BillingContext): Promise<Bill | null> {
  const bill = await ctx.loaders.bill.load(String(reference.id));
  if (!bill) return null;
  await ctx.circles.require(bill.careCircleId);
  return bill;
}

/**
 * Appointment is care's; billing only adds `bill`, which authorises itself. The reference
 * just carries the id through (requiring a signed-in caller); malformed ids give null.
 */
function resolveAppointment(reference: { id: string }, ctx: BillingContext): Appointment | null {
  requireUser(ctx);
  const id = String(reference.id);
  return isUuid(id) ? { id: id.toLowerCase() } : null;
}

export const referenceResolvers: Record<string, ReferenceResolver<BillingContext>> = {
  Bill: resolveBill,
  Appointment: resolveAppointment,
};

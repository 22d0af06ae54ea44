import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Bill } from '../bills/Bill.entity';
import type { BillingContext } from '../common/BillingContext';
import { payBill, PayBillInput } from './payBill';
import { Payment } from './Payment.entity';

@Resolver(() => Payment)
export class PaymentResolver {
  @Mutation(() => Payment)
  payBill(@Arg('input', () => PayBillInput) input: PayBillInput, @Ctx() ctx: BillingContext): Promise<Payment> {
    return payBill(ctx, input);
  }

  @FieldResolver(() => Bill)
  async bill(@Root() payment: Payment, @Ctx() ctx: BillingContext): Promise<Bill> {
    return (await ctx.loaders.bill.load(payment.billId))!;
  }
}

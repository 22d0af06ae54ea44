import { FieldResolver, Resolver, Root, Ctx } from 'type-graphql';
import type { SagasContext } from '../SagasContext';
import { Appointment } from './Appointment';
import { BookingSaga, stepsOf } from './BookingSaga.entity';
import { SagaStep } from './SagaStep';

@Resolver(() => Appointment)
export class AppointmentBookingResolver {
  /** The saga driving this appointment, for members of its care circle; null before it starts. */
  @FieldResolver(() => BookingSaga, { nullable: true })
  async booking(@Root() appointment: Appointment, @Ctx() context: SagasContext): Promise<BookingSaga | null> {
    const saga = await context.loaders.bookingByAppointment.load(appointment.id);
    if (!saga) return null;
    await context.circles.require(saga.careCircleId);
    return saga;
  }
}

@Resolver(() => BookingSaga)
export class BookingSagaResolver {
  @FieldResolver(() => [SagaStep])
  history(@Root() saga: BookingSaga): SagaStep[] {
    return stepsOf(saga);
  }
}

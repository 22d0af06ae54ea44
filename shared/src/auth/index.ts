export * from './jwt';
export * from './CareCircleDirectory';
export * from './loadTokenKeys';
export * from './CircleScope';

import { ApiProperty } from '@nestjs/swagger';

export class Phq9PointDto {
  @ApiProperty() totalScore: number;
  @ApiProperty() administeredAt: string;
}

/** SPEC §6: a value that cannot be derived yet is null. */
export class OutcomesDto {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ enum: ['PHQ9'] }) instrument: 'PHQ9';
  @ApiProperty({ nullable: true, type: String }) firstDoseAt: string | null;
  @ApiProperty({ type: Phq9PointDto, nullable: true, description: 'Last PHQ-9 at or before the first dose' })
  baseline: Phq9PointDto | null;
  @ApiProperty({ type: Phq9PointDto, nullable: true, description: 'Last PHQ-9 after the first dose' })
  latest: Phq9PointDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'latest − baseline (negative: better)' })
  change: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'One decimal; null for a baseline of 0' })
  percentChange: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'latest ≤ 50 % of baseline' })
  response: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'latest < 5' }) remission: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'a drop of 5 points or more' })
  meaningfulImprovement: boolean | null;
  @ApiProperty({ nullable: true, type: Number, description: 'floor(days since first dose / 7)' })
  weeksSinceFirstDose: number | null;
}

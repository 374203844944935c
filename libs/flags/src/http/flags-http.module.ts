import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags.module';
import { FlagsController } from './flags.controller';

@Module({ imports: [FlagsModule], controllers: [FlagsController] })
export class FlagsHttpModule {}

import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions.module';
import { SessionCareController } from './session-care.controller';
import { SessionsController } from './sessions.controller';

@Module({ imports: [SessionsModule], controllers: [SessionsController, SessionCareController] })
export class SessionsHttpModule {}

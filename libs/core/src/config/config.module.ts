import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadConfigOrExit } from './app-config';

@Global()
@Module({})
export class CoreConfigModule {
  /** Tests pass their own configuration; processes read the environment (and stop on a bad one). */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: CoreConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadConfigOrExit() }],
      exports: [APP_CONFIG],
    };
  }
}

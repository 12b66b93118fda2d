import { startService } from '@vf/platform';
import { AppModule } from './app.module';

// Checks the configuration (a line per problem, exit 1), then starts; SIGTERM drains and stops it.
startService('decision', (config) => AppModule.forConfig(config));

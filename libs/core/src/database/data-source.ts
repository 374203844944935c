import { DataSource } from 'typeorm';
import { loadDatabaseConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** The TypeORM CLI's DataSource (`npm run migration:run`): exactly one export, the default. */
export default new DataSource(dataSourceOptions(loadDatabaseConfig().url));

import 'reflect-metadata';
import { loadConfigOrExit } from '@kap/core';
import { createWorker } from './bootstrap';

process.title = 'kap-worker';
void createWorker(loadConfigOrExit());

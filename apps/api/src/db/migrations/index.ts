import { Migration0001Initial } from './0001-initial.js';

export const migrationsList = [{ name: '0001-initial', class: Migration0001Initial }];

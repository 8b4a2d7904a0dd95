import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './orm.js';

const orm = await MikroORM.init(
  ormOptions(process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres', { connect: false }),
);
console.log(await orm.schema.getCreateSchemaSQL({ wrap: false }));
await orm.close();

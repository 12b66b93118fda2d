import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from './auth/auth.guard';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  async health() {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok' };
  }
}

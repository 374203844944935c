import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthUser, DomainError } from '@kap/core';
import { ClinicSettings, effectiveClinicSettings } from '@kap/clinical-rules';
import { In, Repository } from 'typeorm';
import { ClinicEntity } from './clinic.entity';
import type { ClinicDto, CreateClinicDto, UpdateClinicDto } from './http/clinic.dto';

export function toClinicDto(c: ClinicEntity): ClinicDto {
  return {
    id: c.id,
    name: c.name,
    timeZone: c.timeZone,
    settings: effectiveClinicSettings(c.settings),
    customSettings: c.settings,
  };
}

function merge(current: Record<string, number>, change: Partial<Record<string, number | null>> = {}) {
  const next: Record<string, number> = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null || value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

@Injectable()
export class ClinicsService {
  constructor(@InjectRepository(ClinicEntity) private readonly clinics: Repository<ClinicEntity>) {}

  async create(dto: CreateClinicDto): Promise<ClinicDto> {
    await this.assertNameFree(dto.name);
    const clinic = await this.clinics.save(
      this.clinics.create({
        name: dto.name.trim(),
        timeZone: dto.timeZone,
        settings: merge({}, dto.settings),
      }),
    );
    return toClinicDto(clinic);
  }

  /** Admins see every clinic; everyone else the clinics they belong to. */
  async list(user: AuthUser): Promise<ClinicDto[]> {
    const clinics =
      user.role === 'admin'
        ? await this.clinics.find({ order: { name: 'ASC' } })
        : await this.clinics.find({ where: { id: In(user.clinicIds) }, order: { name: 'ASC' } });
    return clinics.map(toClinicDto);
  }

  async get(id: string): Promise<ClinicDto> {
    return toClinicDto(await this.load(id));
  }

  async update(id: string, dto: UpdateClinicDto): Promise<ClinicDto> {
    const clinic = await this.load(id);
    if (dto.name !== undefined && dto.name.trim().toLowerCase() !== clinic.name.toLowerCase()) {
      await this.assertNameFree(dto.name);
      clinic.name = dto.name.trim();
    }
    if (dto.timeZone !== undefined) clinic.timeZone = dto.timeZone;
    if (dto.settings !== undefined) clinic.settings = merge(clinic.settings, dto.settings);
    return toClinicDto(await this.clinics.save(clinic));
  }

  /** The thresholds the clinical rules of this clinic use. */
  async settingsOf(clinicId: string): Promise<ClinicSettings> {
    return effectiveClinicSettings((await this.load(clinicId)).settings);
  }

  private async load(id: string): Promise<ClinicEntity> {
    const clinic = await this.clinics.findOneBy({ id });
    if (!clinic) throw DomainError.notFound('clinic');
    return clinic;
  }

  private async assertNameFree(name: string) {
    const taken = await this.clinics
      .createQueryBuilder('c')
      .where('lower(c.name) = lower(:name)', { name: name.trim() })
      .getExists();
    if (taken) throw DomainError.conflict('CLINIC_NAME_TAKEN', 'A clinic with this name exists');
  }
}

// The record shapes of the loggers people use, as data: how to recognise each, and where it
// keeps the message, the time, the level and the service. A record in one of these shapes is
// read without configuration; every field it has stays in `attributes` (the level as sent
// included), so nothing is lost in the mapping. The README's table is this table.
import { setOwn } from '@app/logs';
import { normaliseLevel, type LevelNumbering } from './log-levels';

export interface RecordShape {
  /** The logger or format, as the README names it. */
  name: string;
  /** Top-level fields that must all be present for a record to be read this way. */
  identifiedBy: readonly string[];
  /** Paths tried in order; a dotted path is read as a literal key first (`"log.level"`), then nested. */
  message: readonly string[];
  timestamp: readonly string[];
  level: readonly string[];
  /** How a numeric level is read. */
  levelNumbering?: LevelNumbering;
  service: readonly string[];
  /** GELF's additional fields are `_name`: read as `name`. */
  underscoreFields?: boolean;
}

/** Tried in order: the most specific shapes first. */
export const RECORD_SHAPES: readonly RecordShape[] = [
  {
    name: 'GELF',
    identifiedBy: ['short_message'],
    message: ['short_message'],
    timestamp: ['timestamp'],
    level: ['level'],
    levelNumbering: 'syslog',
    service: ['_service', '_app', '_application', 'facility'],
    underscoreFields: true,
  },
  {
    name: 'bunyan',
    identifiedBy: ['msg', 'v', 'name', 'hostname', 'pid'],
    message: ['msg'],
    timestamp: ['time'],
    level: ['level'],
    levelNumbering: 'pino',
    service: ['name'],
  },
  { name: 'pino', identifiedBy: ['msg'], message: ['msg'], timestamp: ['time'], level: ['level'], levelNumbering: 'pino', service: ['service', 'name'] },
  {
    name: 'ECS, Logstash',
    identifiedBy: ['@timestamp'],
    message: ['message'],
    timestamp: ['@timestamp'],
    level: ['log.level', 'level'],
    service: ['service.name', 'service'],
  },
  { name: 'Docker, Fluent Bit', identifiedBy: ['log'], message: ['log'], timestamp: ['time', 'date', '@timestamp'], level: ['level'], service: ['service', 'container_name'] },
];

/** The native fields a shaped record maps to, for normaliseNative. */
export interface ShapedRecord {
  shape: string;
  message?: unknown;
  timestamp?: unknown;
  level?: string;
  service?: unknown;
  attributes: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A dotted path read as a literal key (ECS writes `"log.level"`), else through nested objects. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(record, path)) return record[path];
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

function firstOf(record: Record<string, unknown>, paths: readonly string[]): { path: string; value: unknown } | undefined {
  for (const path of paths) {
    const value = readPath(record, path);
    if (value !== undefined && value !== null && value !== '') return { path, value };
  }
  return undefined;
}

/** The shape a record is in, if it is one of RECORD_SHAPES. */
export function shapeOf(record: Record<string, unknown>): RecordShape | undefined {
  return RECORD_SHAPES.find((shape) => shape.identifiedBy.every((field) => Object.prototype.hasOwnProperty.call(record, field)));
}

/**
 * Reads a record in a known shape. The message and time fields move out of the attributes
 * (they are the record's message and timestamp); everything else, the level as sent included,
 * stays in them.
 */
export function readShaped(record: Record<string, unknown>, shape: RecordShape): ShapedRecord {
  const message = firstOf(record, shape.message);
  const timestamp = firstOf(record, shape.timestamp);
  const level = firstOf(record, shape.level);
  const service = firstOf(record, shape.service);
  const moved = new Set([message?.path, timestamp?.path].filter((p): p is string => p !== undefined));
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (moved.has(key)) continue;
    const name = shape.underscoreFields && key.length > 1 && key.startsWith('_') && key !== '_id' && !(key.slice(1) in record) ? key.slice(1) : key;
    setOwn(attributes, name, value);
  }
  return {
    shape: shape.name,
    message: message?.value,
    timestamp: timestamp?.value,
    level: level === undefined ? undefined : normaliseLevel(level.value, shape.levelNumbering),
    service: service?.value,
    attributes,
  };
}

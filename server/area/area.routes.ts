import type { FastifyInstance } from 'fastify'
import type { Geometry } from 'geojson'
import { officialArea } from './area.service.js'

/** POST /api/analysis/area — official ellipsoidal area of a drawn or uploaded polygon. */
export default async function areaRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { geometry: Geometry } }>('/area', {
    schema: {
      body: {
        type: 'object',
        required: ['geometry'],
        properties: { geometry: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } },
      },
      response: {
        200: {
          type: 'object',
          properties: { m2: { type: 'number' }, ha: { type: 'number' }, mu: { type: 'number' }, geodesic_m2: { type: 'number' } },
        },
      },
    },
  }, async (request) => officialArea(app.db, request.body.geometry))
}

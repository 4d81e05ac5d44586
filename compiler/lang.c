// SPDX-License-Identifier: Apache-2.0
/* Lookups in the language tables (argtypes.def, lang.def). */
#include <string.h>

#include "ast.h"

static const struct {
	const char *name;
	enum argtype_class cls;
	int width;
	bool sgn;
	const char *json;
} argtypes[ARG__N] = {
#define ARGTYPE(id, name, cls, width, sgn, json) [ARG_##id] = { name, ATC_##cls, width, sgn, json },
#include "argtypes.def"
};

static const struct {
	const char *name;
	int id;
} argaliases[] = {
#define ARGTYPE(id, name, cls, width, sgn, json)
#define ARGALIAS(name, id) { name, ARG_##id },
#include "argtypes.def"
};

static const struct {
	const char *name;
	unsigned kinds;
	enum opv vals;
} ops[OP__N] = {
#define OP(id, name, kinds, vals) [OP_##id] = { name, kinds, vals },
#include "lang.def"
};

static const struct {
	const char *name;
	int id;
} opaliases[] = {
#define OPALIAS(name, id) { name, OP_##id },
#include "lang.def"
};

static const struct {
	unsigned kinds;
	const char *kernel;
} argrules[ARG__N] = {
#define ARGRULE(id, kinds, kernel) [ARG_##id] = { kinds, kernel },
#include "lang.def"
};

static const struct {
	const char *name;
	unsigned params;
} actions[ACT__N] = {
#define ACTION(id, name, params) [ACT_##id] = { name, params },
#include "lang.def"
};

static const struct {
	const char *key, *what;
} actparams[APN__N] = {
#define ACTPARAM(id, key, what) [APN_##id] = { key, what },
#include "lang.def"
};

const char *const tpc_namespaces[] = {
#define NAMESPACE(name) name,
#include "lang.def"
};
const int tpc_n_namespaces = sizeof(tpc_namespaces) / sizeof(tpc_namespaces[0]);

const struct capability_info tpc_capabilities[] = {
#define CAPABILITY(name, nr) { name, nr },
#include "lang.def"
};
const int tpc_n_capabilities = sizeof(tpc_capabilities) / sizeof(tpc_capabilities[0]);

const struct filetype_info tpc_filetypes[] = {
#define FILETYPE(name, mode) { name, mode },
#include "lang.def"
};
const int tpc_n_filetypes = sizeof(tpc_filetypes) / sizeof(tpc_filetypes[0]);

const struct register_info tpc_registers[] = {
#define REGISTER(member, n8, n4, n2, n1) { member, { n8, n4, n2, n1 } },
#include "lang.def"
};
const int tpc_n_registers = sizeof(tpc_registers) / sizeof(tpc_registers[0]);

const struct limit_info tpc_limits[LIMIT__N] = {
#define LIMIT(id, v, what) [LIMIT_##id] = { #id, v, what },
#include "lang.def"
};

const char *argtype_name(enum argtype t)
{
	return argtypes[t].name;
}

enum argtype_class argtype_class(enum argtype t)
{
	return argtypes[t].cls;
}

int argtype_width(enum argtype t)
{
	return argtypes[t].width;
}

bool argtype_signed(enum argtype t)
{
	return argtypes[t].sgn;
}

const char *argtype_json_key(enum argtype t)
{
	return argtypes[t].json;
}

int argtype_lookup(const char *s)
{
	size_t i;

	for (i = 0; i < ARG__N; i++)
		if (!strcmp(argtypes[i].name, s))
			return (int)i;
	for (i = 0; i < sizeof(argaliases) / sizeof(argaliases[0]); i++)
		if (!strcmp(argaliases[i].name, s))
			return argaliases[i].id;
	return -1;
}

const char *op_name(enum op o)
{
	return ops[o].name;
}

unsigned op_kinds(enum op o)
{
	return ops[o].kinds;
}

enum opv op_values(enum op o)
{
	return ops[o].vals;
}

int op_lookup(const char *s)
{
	size_t i;

	for (i = 0; i < OP__N; i++)
		if (!strcmp(ops[i].name, s))
			return (int)i;
	for (i = 0; i < sizeof(opaliases) / sizeof(opaliases[0]); i++)
		if (!strcmp(opaliases[i].name, s))
			return opaliases[i].id;
	return -1;
}

unsigned argtype_opkinds(enum argtype t)
{
	return argrules[t].kinds;
}

const char *argtype_kernel(enum argtype t)
{
	return argrules[t].kernel ? argrules[t].kernel : "";
}

const char *action_name(enum action a)
{
	return actions[a].name;
}

unsigned action_params(enum action a)
{
	return actions[a].params;
}

const char *actparam_key(enum actparam p)
{
	return actparams[p].key;
}

const char *actparam_what(enum actparam p)
{
	return actparams[p].what;
}

int action_lookup(const char *s)
{
	int i;

	for (i = 0; i < ACT__N; i++)
		if (!strcmp(actions[i].name, s))
			return i;
	return -1;
}

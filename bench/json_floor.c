/*
 * json_floor.c — the floor of reading `nft -j` output with jansson (the
 * JSON library fwdrift uses): read the file, json_loadb() it into a tree,
 * free it. fwdrift's offline nftables read can only be slower than this.
 *
 * Build: cc -O2 json_floor.c $(pkg-config --cflags --libs jansson) -o json_floor
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

int main(int argc, char **argv)
{
	json_error_t err;
	json_t *root;
	char *buf;
	long len;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: json_floor FILE\n");
		return 1;
	}
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)len + 1)) ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "json_floor: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	root = json_loadb(buf, (size_t)len, 0, &err);
	if (!root) {
		fprintf(stderr, "json_floor: %s:%d: %s\n", argv[1], err.line,
			err.text);
		return 1;
	}
	printf("%zu top-level items\n",
	       json_array_size(json_object_get(root, "nftables")));
	json_decref(root);
	free(buf);
	return 0;
}
